package io.pgmux.testing;

/**
 * A JVM that starts the shared test database, prints where it runs, then exits ("exit") or waits to be
 * killed ("wait"); used to check what is left behind after either end.
 */
public final class HarnessChild {

    private HarnessChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalTestDatabase db = (LocalTestDatabase) TestDatabases.shared();
        System.out.println("RUN " + db.runDirectory() + " " + db.postgres().pid() + " " + db.pgbouncer().pid());
        System.out.flush();
        if ("wait".equals(args[0])) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}

package io.pgmux.testing;

/**
 * A JVM that starts the shared test database (and its standby with a second argument "standby"), prints where they
 * run, then exits ("exit") or waits to be killed ("wait"); used to check what is left behind after either end.
 */
public final class HarnessChild {

    private HarnessChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalTestDatabase db = (LocalTestDatabase) TestDatabases.shared();
        if (args.length > 1 && "standby".equals(args[1])) {
            LocalStandby standby = (LocalStandby) db.standby();
            System.out.println("STANDBY " + standby.runDirectory + " " + standby.pid());
        }
        System.out.println("RUN " + db.runDirectory() + " " + db.postgres().pid() + " " + db.pgbouncer().pid());
        System.out.flush();
        if ("wait".equals(args[0])) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}

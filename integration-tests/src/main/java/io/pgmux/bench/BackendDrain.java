package io.pgmux.bench;

import io.pgmux.testing.TestDatabase;

/**
 * Ends the server connections left from the previous run (PgBouncer keeps its idle ones for minutes), so that the
 * peak of each run counts only connections that run made.
 */
final class BackendDrain {

    private static final long WAIT_MILLIS = 10_000;

    private BackendDrain() {
    }

    static void drain(TestDatabase database) throws InterruptedException {
        database.execAsSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database.database() + "' AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (database.countBackends(database.database()) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Backends of database " + database.database()
                        + " are still there " + WAIT_MILLIS + " ms after they were terminated");
            }
            Thread.sleep(50);
        }
    }
}

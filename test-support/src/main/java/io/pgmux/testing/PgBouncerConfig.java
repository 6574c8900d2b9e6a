package io.pgmux.testing;

/** pgbouncer.ini and its auth_file for the two aliases of the test database. */
final class PgBouncerConfig {

    static final int POOL_SIZE = 20;
    static final int MAX_CLIENT_CONN = 2000;
    /** Open files PgBouncer needs: every client and server connection is a socket. */
    static final int OPEN_FILES = 4096;

    private PgBouncerConfig() {
    }

    static String alias(PoolMode mode) {
        return mode == PoolMode.TRANSACTION ? Credentials.DATABASE + "_tx" : Credentials.DATABASE + "_session";
    }

    /** The alias of the test database on the standby, as deployments give their pooler a second entry for it. */
    static String standbyAlias() {
        return Credentials.DATABASE + "_standby";
    }

    /**
     * @param socketDir directory for PgBouncer's unix socket, or null for none
     */
    static String ini(String postgresHost, int postgresPort, String listenAddr, int listenPort,
                      String socketDir, String authFile, Credentials credentials) {
        return ini(postgresHost, postgresPort, 0, listenAddr, listenPort, socketDir, authFile, credentials);
    }

    /**
     * @param standbyPort port of a standby on {@code postgresHost} to serve as {@link #standbyAlias()}, or 0 for none
     */
    static String ini(String postgresHost, int postgresPort, int standbyPort, String listenAddr, int listenPort,
                      String socketDir, String authFile, Credentials credentials) {
        StringBuilder ini = new StringBuilder("[databases]\n");
        if (standbyPort != 0) {
            database(ini, standbyAlias(), postgresHost, standbyPort, PoolMode.TRANSACTION);
        }
        for (PoolMode mode : PoolMode.values()) {
            database(ini, alias(mode), postgresHost, postgresPort, mode);
        }
        // the database under its own name too, as a shared pooler usually serves it: pgmux.target pointed at
        // PgBouncer then reaches it with the app's own URL unchanged but for host and port
        database(ini, Credentials.DATABASE, postgresHost, postgresPort, PoolMode.TRANSACTION);
        return ini.append("\n[pgbouncer]\n")
                .append("listen_addr = ").append(listenAddr).append('\n')
                .append("listen_port = ").append(listenPort).append('\n')
                .append("unix_socket_dir = ").append(socketDir == null ? "" : socketDir).append('\n')
                .append("auth_type = scram-sha-256\n")
                .append("auth_file = ").append(authFile).append('\n')
                .append("admin_users = ").append(credentials.superuser()).append('\n')
                .append("stats_users = ").append(credentials.superuser()).append('\n')
                .append("pool_mode = transaction\n")
                .append("max_client_conn = ").append(MAX_CLIENT_CONN).append('\n')
                .append("default_pool_size = ").append(POOL_SIZE).append('\n')
                .append("ignore_startup_parameters = extra_float_digits,options\n")
                // idle server connections close within seconds, so a test that counts backends is not misled by
                // those an earlier test left in PgBouncer's pool
                .append("server_idle_timeout = 2\n")
                // after a PostgreSQL restart, retry logins after 1 s instead of 15 s
                .append("server_login_retry = 1\n")
                // a restarted container may come back under another address
                .append("dns_max_ttl = 1\n")
                .toString();
    }

    private static void database(StringBuilder ini, String name, String host, int port, PoolMode mode) {
        ini.append(name).append(" = host=").append(host).append(" port=").append(port)
                .append(" dbname=").append(Credentials.DATABASE).append(" pool_mode=").append(mode.pgbouncerName())
                .append('\n');
    }

    /** Plain passwords: PgBouncer 1.18 then does SCRAM both with clients and with PostgreSQL. */
    static String authFile(Credentials credentials) {
        return line(credentials.superuser(), credentials.superuserPassword())
                + line(credentials.user(), credentials.password())
                + line(credentials.otherUser(), credentials.otherPassword());
    }

    private static String line(String user, String password) {
        return '"' + user + "\" \"" + password + "\"\n";
    }
}

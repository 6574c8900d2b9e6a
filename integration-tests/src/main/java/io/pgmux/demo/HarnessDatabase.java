package io.pgmux.demo;

import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The installed PostgreSQL and PgBouncer, started by the test harness in a temporary directory on free ports. */
final class HarnessDatabase implements DemoDatabase {

    private final TestDatabase database;

    HarnessDatabase(TestDatabase database) {
        this.database = database;
    }

    @Override
    public String describe() {
        return "PostgreSQL on " + database.host() + ':' + database.postgresPort() + ", PgBouncer (transaction mode) on "
                + database.host() + ':' + database.pgbouncerPort();
    }

    @Override
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    @Override
    public String user() {
        return database.user();
    }

    @Override
    public String password() {
        return database.password();
    }

    @Override
    public String database() {
        return database.database();
    }

    @Override
    public Connection superuserConnection() throws SQLException {
        return database.superuserConnection();
    }

    @Override
    public Optional<PgBouncer> pgbouncer() {
        String alias = database.pgbouncerDatabase(PoolMode.TRANSACTION);
        return Optional.of(new PgBouncer() {
            @Override
            public String url() {
                return database.pgbouncerUrl(PoolMode.TRANSACTION);
            }

            @Override
            public String hostAndPort() {
                return database.host() + ':' + database.pgbouncerPort();
            }

            @Override
            public List<Map<String, String>> pools() {
                return database.showPools().stream().filter(row -> alias.equals(row.get("database"))).toList();
            }
        });
    }

    /** The harness stops both servers by its own shutdown hook. */
    @Override
    public void close() {
    }
}

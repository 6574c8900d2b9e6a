package io.pgmux.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** A local PostgreSQL process of a replicated setup, in a run directory of its own. */
class LocalNode implements PostgresNode {

    final Credentials credentials;
    final LocalPostgres postgres;
    final Path runDirectory;
    private final int port;

    LocalNode(Credentials credentials, LocalPostgres postgres, Path runDirectory, int port) {
        this.credentials = credentials;
        this.postgres = postgres;
        this.runDirectory = runDirectory;
        this.port = port;
    }

    /** A new primary with the test users and database; on failure nothing is left behind. */
    static LocalNode startPrimary(LocalBinaries binaries, ServiceUser serviceUser, Credentials credentials) {
        Path runDirectory = AbandonedRuns.newRunDirectory();
        LocalNode node = new LocalNode(credentials, new LocalPostgres(binaries, serviceUser, runDirectory), runDirectory,
                LocalTestDatabase.freePort());
        try {
            node.postgres.initdb(credentials, node.port);
            node.postgres.start();
            node.execAsSuperuser("postgres", credentials.provisioningSql());
            node.execAsSuperuser(Credentials.DATABASE, List.of(credentials.schemaSql()));
            return node;
        } catch (RuntimeException e) {
            node.destroy();
            throw new IllegalStateException("Could not start a PostgreSQL primary (" + binaries.postgresBin() + ") in "
                    + runDirectory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String host() {
        return LocalTestDatabase.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String jdbcUrl() {
        return url(Credentials.DATABASE);
    }

    private String url(String database) {
        return "jdbc:postgresql://" + host() + ':' + port + '/' + database;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), credentials.user(), credentials.password());
    }

    @Override
    public Connection superuserConnection() throws SQLException {
        return superuserConnection(Credentials.DATABASE);
    }

    Connection superuserConnection(String database) throws SQLException {
        Properties properties = AbstractTestDatabase.login(credentials.superuser(), credentials.superuserPassword());
        properties.setProperty("ApplicationName", "pgmux-test-harness");
        return DriverManager.getConnection(url(database), properties);
    }

    void execAsSuperuser(String database, List<String> statements) {
        try (Connection connection = superuserConnection(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL as superuser on port " + port + " failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query run as superuser. */
    String queryAsSuperuser(String sql) {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query as superuser on port " + port + " failed: " + e.getMessage()
                    + "\nSQL: " + sql, e);
        }
    }

    @Override
    public boolean isInRecovery() {
        return Boolean.parseBoolean(queryAsSuperuser("SELECT pg_is_in_recovery()::text"));
    }

    @Override
    public void kill() {
        postgres.kill();
    }

    @Override
    public void stop() {
        postgres.stop();
    }

    @Override
    public void start() {
        postgres.start();
    }

    @Override
    public void restart() {
        postgres.restart();
    }

    @Override
    public void pause() {
        postgres.pause();
    }

    @Override
    public void resume() {
        postgres.resume();
    }

    @Override
    public long pid() {
        return postgres.pid();
    }

    @Override
    public boolean isRunning() {
        return postgres.isRunning();
    }

    /** Stops the server at once and deletes its run directory. */
    void destroy() {
        postgres.stopImmediately();
        AbandonedRuns.delete(runDirectory);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '[' + host() + ':' + port + ']';
    }
}

package io.pgmux.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What every kind of test database does the same way: URLs, connections, SQL helpers, PgBouncer admin console. */
abstract class AbstractTestDatabase implements TestDatabase {

    /** Connections made by the harness itself give up quickly rather than hang a test run. */
    private static final int HARNESS_LOGIN_TIMEOUT_SECONDS = 10;

    final Credentials credentials;

    AbstractTestDatabase(Credentials credentials) {
        this.credentials = credentials;
    }

    /** Stops both servers and removes everything they left; called once, by the shutdown hook. */
    abstract void shutdown();

    @Override
    public String database() {
        return Credentials.DATABASE;
    }

    @Override
    public String user() {
        return credentials.user();
    }

    @Override
    public String password() {
        return credentials.password();
    }

    @Override
    public String otherUser() {
        return credentials.otherUser();
    }

    @Override
    public String otherPassword() {
        return credentials.otherPassword();
    }

    @Override
    public String jdbcUrl() {
        return postgresUrl(Credentials.DATABASE);
    }

    @Override
    public String pgbouncerUrl(PoolMode mode) {
        return "jdbc:postgresql://" + host() + ':' + pgbouncerPort() + '/' + pgbouncerDatabase(mode);
    }

    @Override
    public String pgbouncerDatabase(PoolMode mode) {
        return PgBouncerConfig.alias(mode);
    }

    @Override
    public String pgbouncerStandbyDatabase() {
        return PgBouncerConfig.standbyAlias();
    }

    @Override
    public int pgbouncerPoolSize() {
        return PgBouncerConfig.POOL_SIZE;
    }

    @Override
    public int pgbouncerMaxClientConnections() {
        return PgBouncerConfig.MAX_CLIENT_CONN;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    @Override
    public Connection connectThroughPgbouncer(PoolMode mode) throws SQLException {
        return DriverManager.getConnection(pgbouncerUrl(mode), user(), password());
    }

    @Override
    public Connection superuserConnection() throws SQLException {
        return superuserConnection(Credentials.DATABASE);
    }

    Connection superuserConnection(String database) throws SQLException {
        Properties properties = login(credentials.superuser(), credentials.superuserPassword());
        properties.setProperty("ApplicationName", "pgmux-test-harness");
        return DriverManager.getConnection(postgresUrl(database), properties);
    }

    @Override
    public void execAsSuperuser(String sql) {
        try (Connection connection = superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL as superuser failed: " + e.getMessage() + "\nSQL: " + sql, e);
        }
    }

    /** Runs SQL as superuser in the maintenance database, where databases and roles are created. */
    void execAsSuperuserInMaintenanceDatabase(List<String> statements) {
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL as superuser failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int countBackends(String database) {
        try (Connection connection = superuserConnection("postgres")) {
            return countBackends(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException("Counting backends of database " + database + " failed: " + e.getMessage(), e);
        }
    }

    static int countBackends(Connection connection, String database) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE datname = ? AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            statement.setString(1, database);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Override
    public BackendSampler sampleBackends(String database) {
        return new PollingBackendSampler(() -> superuserConnection("postgres"), database);
    }

    @Override
    public List<Map<String, String>> showPools() {
        return pgbouncerAdmin("SHOW POOLS");
    }

    @Override
    public List<Map<String, String>> showStats() {
        return pgbouncerAdmin("SHOW STATS");
    }

    @Override
    public List<Map<String, String>> showClients() {
        return pgbouncerAdmin("SHOW CLIENTS");
    }

    @Override
    public List<Map<String, String>> showServers() {
        return pgbouncerAdmin("SHOW SERVERS");
    }

    @Override
    public List<Map<String, String>> pgbouncerAdmin(String command) {
        return adminConsole().run(command);
    }

    abstract AdminConsole adminConsole();

    private String postgresUrl(String database) {
        return "jdbc:postgresql://" + host() + ':' + postgresPort() + '/' + database;
    }

    static Properties login(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("loginTimeout", Integer.toString(HARNESS_LOGIN_TIMEOUT_SECONDS));
        return properties;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[postgres " + host() + ':' + postgresPort()
                + ", pgbouncer " + host() + ':' + pgbouncerPort() + ", database " + database() + ']';
    }
}

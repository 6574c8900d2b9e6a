package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What app pools and frameworks ask of a new connection at start-up and on every borrow (HikariCP, DBCP2, c3p0,
 * Hibernate, Flyway, Spring's health check): a logical connection answers as the driver's own connection does, and
 * holds no server connection afterwards.
 */
@ExtendWith(TestDatabaseExtension.class)
class AppPoolCompatibilityTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;
    private static TestDatabase db;

    @BeforeAll
    static void open(TestDatabase database) throws SQLException {
        db = database;
        ds = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0");
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS app_pool_compatibility (id int PRIMARY KEY)");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private interface Call {
        Object on(Connection c) throws SQLException;
    }

    /** The calls, by name, in the order a pool and an ORM make them. */
    private static Map<String, Call> startUpCalls() {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("getAutoCommit", Connection::getAutoCommit);
        calls.put("isReadOnly", Connection::isReadOnly);
        calls.put("getTransactionIsolation", Connection::getTransactionIsolation);
        calls.put("getCatalog", Connection::getCatalog);
        calls.put("getSchema", Connection::getSchema);
        calls.put("getHoldability", Connection::getHoldability);
        calls.put("getNetworkTimeout", Connection::getNetworkTimeout);
        calls.put("getClientInfo(ApplicationName)", c -> c.getClientInfo("ApplicationName"));
        calls.put("getClientInfo()", c -> c.getClientInfo().getProperty("ApplicationName"));
        calls.put("getWarnings", c -> c.getWarnings() == null ? null : c.getWarnings().getMessage());
        calls.put("getTypeMap", c -> c.getTypeMap().isEmpty());
        calls.put("isValid(0)", c -> c.isValid(0));
        calls.put("isValid(5)", c -> c.isValid(5));
        calls.put("isWrapperFor(PGConnection)", c -> c.isWrapperFor(org.postgresql.PGConnection.class));
        calls.put("metadata.getDatabaseProductName", c -> c.getMetaData().getDatabaseProductName());
        calls.put("metadata.getDatabaseProductVersion", c -> c.getMetaData().getDatabaseProductVersion());
        calls.put("metadata.getDatabaseMajorVersion", c -> c.getMetaData().getDatabaseMajorVersion());
        calls.put("metadata.getDatabaseMinorVersion", c -> c.getMetaData().getDatabaseMinorVersion());
        calls.put("metadata.getDriverName", c -> c.getMetaData().getDriverName());
        calls.put("metadata.getDriverVersion", c -> c.getMetaData().getDriverVersion());
        calls.put("metadata.getJDBCMajorVersion", c -> c.getMetaData().getJDBCMajorVersion());
        calls.put("metadata.getUserName", c -> c.getMetaData().getUserName());
        calls.put("metadata.getURL", c -> c.getMetaData().getURL());
        calls.put("metadata.getIdentifierQuoteString", c -> c.getMetaData().getIdentifierQuoteString());
        calls.put("metadata.getSQLKeywords", c -> c.getMetaData().getSQLKeywords());
        calls.put("metadata.getSQLStateType", c -> c.getMetaData().getSQLStateType());
        calls.put("metadata.storesLowerCaseIdentifiers", c -> c.getMetaData().storesLowerCaseIdentifiers());
        calls.put("metadata.supportsNamedParameters", c -> c.getMetaData().supportsNamedParameters());
        calls.put("metadata.supportsGetGeneratedKeys", c -> c.getMetaData().supportsGetGeneratedKeys());
        calls.put("metadata.supportsBatchUpdates", c -> c.getMetaData().supportsBatchUpdates());
        calls.put("metadata.supportsRefCursors", c -> c.getMetaData().supportsRefCursors());
        calls.put("metadata.getDefaultTransactionIsolation", c -> c.getMetaData().getDefaultTransactionIsolation());
        calls.put("metadata.dataDefinitionCausesTransactionCommit",
                c -> c.getMetaData().dataDefinitionCausesTransactionCommit());
        calls.put("metadata.getMaxColumnNameLength", c -> c.getMetaData().getMaxColumnNameLength());
        calls.put("metadata.getConnection is the connection", c -> c.getMetaData().getConnection() == c);
        calls.put("metadata.getSchemas", c -> rows(c.getMetaData().getSchemas(), "TABLE_SCHEM"));
        calls.put("metadata.getTables", c -> rows(c.getMetaData().getTables(null, "public", "app_pool_compat%",
                new String[] {"TABLE"}), "TABLE_NAME"));
        calls.put("metadata.getColumns", c -> rows(c.getMetaData().getColumns(null, "public",
                "app_pool_compatibility", "%"), "COLUMN_NAME"));
        return calls;
    }

    private static List<String> rows(ResultSet rs, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                values.add(rs.getString(column));
            }
        }
        return values;
    }

    @Test
    void aLogicalConnectionAnswersTheStartUpCallsOfPoolsAndFrameworksAsTheDriverDoes() throws SQLException {
        SoftAssertions softly = new SoftAssertions();
        try (Connection driver = db.connect(); Connection logical = ds.getConnection()) {
            for (Map.Entry<String, Call> call : startUpCalls().entrySet()) {
                Object expected = call.getValue().on(driver);
                Object actual = call.getValue().on(logical);
                softly.assertThat(actual).as(call.getKey()).isEqualTo(expected);
                softly.assertThat(pool.counters().clientsActive()).as("server connections held after %s", call.getKey())
                        .isZero();
            }
        }
        softly.assertAll();
    }
}

package io.pgmux.bench;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread cost of a logical connection against a bare pgjdbc connection on the same server:
 * {@code SELECT 1}, a prepared select by key, and a three-statement transaction. The logical connection
 * borrows and releases a server connection for every autocommit statement and every transaction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StatementOverheadBenchmark {
    private static final int KEYS = 1000;

    @Param({"bare", "pgmux"})
    public String connection;

    private PgmuxDataSource dataSource;
    private Connection c;
    private PreparedStatement byKey;
    private PreparedStatement update;
    private PreparedStatement select;
    private int key;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        String url = System.getProperty("pgmux.bench.url", "");
        String user = System.getProperty("pgmux.bench.user", "");
        String password = System.getProperty("pgmux.bench.password", "");
        if (url.isEmpty()) {
            TestDatabase db = TestDatabases.shared();
            url = db.jdbcUrl();
            user = db.user();
            password = db.password();
        }
        try (Connection setup = DriverManager.getConnection(url, user, password); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_kv (k int PRIMARY KEY, v text NOT NULL, n bigint NOT NULL)");
            s.execute("INSERT INTO bench_kv SELECT g, 'value ' || g, 0 FROM generate_series(1, " + KEYS + ") g ON CONFLICT DO NOTHING");
        }
        if (connection.equals("bare")) {
            c = DriverManager.getConnection(url, user, password);
        } else {
            Properties settings = new Properties();
            settings.setProperty("pgmux.pool.size", "2");
            settings.setProperty("pgmux.jmx", "false");
            dataSource = new PgmuxDataSource(settings);
            dataSource.setUrl(url);
            dataSource.setUser(user);
            dataSource.setPassword(password);
            c = dataSource.getConnection();
        }
        byKey = c.prepareStatement("SELECT v FROM bench_kv WHERE k = ?");
        update = c.prepareStatement("UPDATE bench_kv SET n = n + 1 WHERE k = ?");
        select = c.prepareStatement("SELECT n FROM bench_kv WHERE k = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        c.close();
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private int nextKey() {
        key = key % KEYS + 1;
        return key;
    }

    @Benchmark
    public int selectOne() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public String preparedSelectByKey() throws SQLException {
        byKey.setInt(1, nextKey());
        try (ResultSet rs = byKey.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Benchmark
    public long transactionOfThreeStatements() throws SQLException {
        int k = nextKey();
        c.setAutoCommit(false);
        try {
            select.setInt(1, k);
            long before;
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                before = rs.getLong(1);
            }
            update.setInt(1, k);
            update.executeUpdate();
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != before + 1) {
                    throw new IllegalStateException("the update of key " + k + " is not visible in its transaction");
                }
            }
            c.commit();
            return before;
        } finally {
            c.setAutoCommit(true);
        }
    }
}

package io.pgmux;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Test helpers: data sources on the test database with given settings, and small server-side facts. */
final class Pools {
    private Pools() {
    }

    /** A data source for the app user; settings as alternating key, value ("pool.size", "2", ...). */
    static PgmuxDataSource dataSource(TestDatabase db, String... settings) {
        Properties p = new Properties();
        p.setProperty("pgmux.pool.minIdle", "0");
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty("pgmux." + settings[i], settings[i + 1]);
        }
        PgmuxDataSource ds = new PgmuxDataSource(p);
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    /** The only pool of a data source that has been used once. */
    static ServerPool pool(PgmuxDataSource ds) {
        if (ds.pools().size() != 1) {
            throw new IllegalStateException("expected one pool, found " + ds.pools());
        }
        return ds.pools().iterator().next();
    }

    static int backendPid(Connection c) throws SQLException {
        return intOf(c, "SELECT pg_backend_pid()");
    }

    static int intOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String stringOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

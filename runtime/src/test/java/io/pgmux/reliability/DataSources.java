package io.pgmux.reliability;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import java.util.Properties;

/** Data sources on the test database for these tests: straight to PostgreSQL, or through PgBouncer. */
final class DataSources {
    private DataSources() {
    }

    /** Straight to PostgreSQL as the app user; settings as alternating key (without "pgmux."), value. */
    static PgmuxDataSource direct(TestDatabase db, String... settings) {
        PgmuxDataSource ds = new PgmuxDataSource(properties(settings));
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    /** Through PgBouncer's alias for {@code mode}, with pgmux.target.mode matching it. */
    static PgmuxDataSource throughPgbouncer(TestDatabase db, PoolMode mode, String... settings) {
        Properties p = properties(settings);
        p.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        p.setProperty("pgmux.target.mode", mode == PoolMode.TRANSACTION ? "transaction" : "session");
        PgmuxDataSource ds = new PgmuxDataSource(p);
        ds.setUrl(db.pgbouncerUrl(mode));
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    private static Properties properties(String... settings) {
        Properties p = new Properties();
        p.setProperty("pgmux.jmx", "false");
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty("pgmux." + settings[i], settings[i + 1]);
        }
        return p;
    }
}

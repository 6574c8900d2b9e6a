package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment the issue describes: PgBouncer in transaction mode with a second database entry for the standby
 * ({@code pgmux.standby=pooler:port/pgmux_standby}), both on the same port.
 */
@ExtendWith(TestDatabaseExtension.class)
class StandbyThroughPoolerTest {

    private static PgmuxDataSource dataSource(TestDatabase db) {
        Properties p = new Properties();
        p.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        p.setProperty("pgmux.standby", db.host() + ":" + db.pgbouncerPort() + "/" + db.pgbouncerStandbyDatabase());
        p.setProperty("pgmux.pool.minIdle", "0");
        PgmuxDataSource ds = new PgmuxDataSource(p);
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return ds;
    }

    private static ServerPool pool(PgmuxDataSource ds, String role) {
        return ds.pools().stream().filter(p -> p.role().equals(role)).findFirst().orElseThrow();
    }

    @Test
    void readOnlyTransactionsReachTheStandbyEntryWithTheConnectionsOwnSettings(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (PgmuxDataSource ds = dataSource(db)) {
            StandbyRoutingTest.awaitStandbyTakesReads(ds);
            assertThat(pool(ds, "standby").name()).endsWith(":" + db.pgbouncerPort() + "/" + db.pgbouncerStandbyDatabase());
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET search_path TO pg_catalog, public");
                c.setReadOnly(true);
                c.setAutoCommit(false);
                assertThat(StandbyRoutingTest.inRecovery(c)).isTrue();
                assertThat(Pools.stringOf(c, "SHOW search_path")).isEqualTo("pg_catalog, public");
                assertThat(Pools.intOf(c, "SELECT inet_server_port()")).as("the standby itself, behind the pooler")
                        .isEqualTo(standby.port());
                c.commit();
                c.setReadOnly(false);
                assertThat(StandbyRoutingTest.inRecovery(c)).isFalse();
                c.commit();
            }
            assertThat(pool(ds, "primary").counters().readsRoutedToStandby()).isEqualTo(1);
        }
    }

    @Test
    void writesCommittedThroughThePoolerAreSeenByTheReadsThatFollow(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS ryw_pooler; CREATE TABLE ryw_pooler (id int PRIMARY KEY, v bigint NOT NULL);"
                + " INSERT INTO ryw_pooler SELECT g, 0 FROM generate_series(0, 7) g; GRANT ALL ON ryw_pooler TO " + db.user());
        Standby standby = db.standby();
        standby.awaitReplayed();
        standby.setApplyDelay(Duration.ofMillis(200));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (PgmuxDataSource ds = dataSource(db)) {
            StandbyRoutingTest.awaitStandbyTakesReads(ds);
            AtomicInteger stale = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                done.add(threads.submit(() -> {
                    for (int i = 1; i <= 25; i++) {
                        try (Connection w = ds.getConnection();
                             PreparedStatement up = w.prepareStatement("UPDATE ryw_pooler SET v = ? WHERE id = ?")) {
                            up.setLong(1, i);
                            up.setInt(2, id);
                            up.executeUpdate();
                        }
                        try (Connection r = ds.getConnection()) {
                            r.setReadOnly(true);
                            try (PreparedStatement sel = r.prepareStatement("SELECT v FROM ryw_pooler WHERE id = ?")) {
                                sel.setInt(1, id);
                                try (ResultSet rs = sel.executeQuery()) {
                                    rs.next();
                                    if (rs.getLong(1) != i) {
                                        stale.incrementAndGet();
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(stale.get()).isZero();
            assertThat(pool(ds, "primary").counters().readsRoutedToStandby()).isPositive();
        } finally {
            threads.shutdownNow();
            standby.setApplyDelay(Duration.ZERO);
        }
    }
}

package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pgmux.maxServerConnections} caps the server connections of all pools together: over it, a borrow that needs
 * a new server connection waits while pgmux closes idle connections of other pools (as PgBouncer's
 * max_db_connections does), and fails after the acquire timeout with a message that names the cap.
 */
@ExtendWith(TestDatabaseExtension.class)
class MaxServerConnectionsTest {
    private static final int CAP = 2;

    @BeforeEach
    void noBackendsLeft(TestDatabase db) {
        db.awaitNoBackends();
    }

    @Test
    void aNewPoolOverTheCapClosesAnIdleServerConnectionOfAnother(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "maxServerConnections", String.valueOf(CAP));
             BackendSampler backends = db.sampleBackends(db.database())) {
            holdTwoTransactionsAndCommit(ds);
            assertThat(db.countBackends(db.database())).as("the first pool's idle server connections").isEqualTo(CAP);

            try (Connection other = ds.getConnection(db.otherUser(), db.otherPassword())) {
                assertThat(Pools.stringOf(other, "SELECT current_user")).isEqualTo(db.otherUser());
            }
            assertThat(backends.peak()).as("server connections at any time").isLessThanOrEqualTo(CAP);
        }
    }

    @Test
    void aBorrowOverTheCapWaitsUntilAnotherPoolHasAnIdleServerConnection(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "maxServerConnections", String.valueOf(CAP),
                "pool.acquireTimeoutMs", "20000");
             BackendSampler backends = db.sampleBackends(db.database());
             Connection other = ds.getConnection(db.otherUser(), db.otherPassword());
             Connection first = ds.getConnection();
             Connection second = ds.getConnection()) {
            inTransaction(first);
            inTransaction(second);

            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> currentUser(other));
            Thread.sleep(500);
            assertThat(waiting).as("waits while every server connection is held").isNotDone();
            first.commit();

            assertThat(waiting.get()).isEqualTo(db.otherUser());
            assertThat(backends.peak()).as("server connections at any time").isLessThanOrEqualTo(CAP);
            second.commit();
        }
    }

    @Test
    void aBorrowOverTheCapFailsAfterTheAcquireTimeoutNamingTheCap(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "maxServerConnections", String.valueOf(CAP),
                "pool.acquireTimeoutMs", "1000");
             Connection other = ds.getConnection(db.otherUser(), db.otherPassword());
             Connection first = ds.getConnection();
             Connection second = ds.getConnection()) {
            inTransaction(first);
            inTransaction(second);

            assertThatThrownBy(() -> Pools.backendPid(other))
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("pgmux.maxServerConnections")
                    .hasMessageContaining("Raise pgmux.maxServerConnections (now 2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
            first.commit();
            assertThat(Pools.stringOf(other, "SELECT current_user")).as("room again").isEqualTo(db.otherUser());
            second.commit();
        }
    }

    private static void holdTwoTransactionsAndCommit(PgmuxDataSource ds) throws SQLException {
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            inTransaction(a);
            inTransaction(b);
            a.commit();
            b.commit();
        }
    }

    private static void inTransaction(Connection c) throws SQLException {
        c.setAutoCommit(false);
        Pools.backendPid(c);
    }

    private static String currentUser(Connection c) {
        try {
            return Pools.stringOf(c, "SELECT current_user");
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}

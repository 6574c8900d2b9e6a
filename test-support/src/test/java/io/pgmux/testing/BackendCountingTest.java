package io.pgmux.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class BackendCountingTest {

    private static final int CONNECTIONS = 5;

    @Test
    void countGoesUpByTheConnectionsOpenedAndBackDownWhenTheyClose(TestDatabase db) throws SQLException {
        int before = db.countBackends(db.database());

        List<Connection> connections = open(db, CONNECTIONS);
        assertThat(db.countBackends(db.database())).isEqualTo(before + CONNECTIONS);

        close(connections);
        // a backend leaves pg_stat_activity a moment after its client disconnects
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(db.countBackends(db.database())).isEqualTo(before));
    }

    @Test
    void countIgnoresOtherDatabases(TestDatabase db) throws SQLException {
        int before = db.countBackends("postgres");

        List<Connection> connections = open(db, CONNECTIONS);
        try {
            assertThat(db.countBackends("postgres")).isEqualTo(before);
        } finally {
            close(connections);
        }
    }

    @Test
    void samplerSeesThePeakAfterTheConnectionsAreGone(TestDatabase db) throws SQLException {
        int before = db.countBackends(db.database());
        try (BackendSampler sampler = db.sampleBackends(db.database())) {
            List<Connection> connections = open(db, CONNECTIONS);
            int samplesWhileOpen = sampler.samples();
            await().atMost(Duration.ofSeconds(10)).until(() -> sampler.samples() > samplesWhileOpen + 2);
            close(connections);
            await().atMost(Duration.ofSeconds(10)).until(() -> db.countBackends(db.database()) == before);

            assertThat(sampler.peak()).isEqualTo(before + CONNECTIONS);
        }
    }

    private static List<Connection> open(TestDatabase db, int count) throws SQLException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(db.connect());
        }
        return connections;
    }

    private static void close(List<Connection> connections) throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
    }
}

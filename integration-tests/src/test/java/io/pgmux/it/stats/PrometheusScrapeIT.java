package io.pgmux.it.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Prometheus endpoint of an app started with {@code -Dpgmux.metrics.port}, scraped while the app runs. */
@ExtendWith(TestDatabaseExtension.class)
class PrometheusScrapeIT {
    private static final int IDLE_CONNECTIONS = 12;
    private static final int THREADS = 4;

    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aScrapeShowsThePoolAsTheAppUsesIt(TestDatabase db) throws Exception {
        SampleSchema.ensure(db);
        int port = BackgroundJvm.freePort();
        String pool = "pool=\"" + db.user() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database() + "\"";
        try (BackgroundJvm app = BackgroundJvm.sampleApp("pool.size=4,pool.reserve=0", List.of("-Dpgmux.metrics.port=" + port),
                "drivermanager", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(),
                "--threads", String.valueOf(THREADS), "--duration", "30", "--mode", "read",
                "--idle-connections", String.valueOf(IDLE_CONNECTIONS))) {
            AtomicReference<String> text = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                text.set(scrape(port));
                // the app opens its idle connections, then starts its workers
                Map<String, Double> now = samples(text.get());
                Double open = now.get("pgmux_clients{" + pool + ",state=\"open\"}");
                Double transactions = now.get("pgmux_transactions_seconds_count{" + pool + "}");
                return open != null && open >= IDLE_CONNECTIONS && transactions != null && transactions > THREADS;
            });
            Map<String, Double> samples = samples(text.get());
            System.out.println("[prometheus] clients open " + samples.get("pgmux_clients{" + pool + ",state=\"open\"}")
                    + ", servers total " + samples.get("pgmux_servers{" + pool + ",state=\"total\"}")
                    + ", transactions " + samples.get("pgmux_transactions_seconds_count{" + pool + "}"));

            assertThat(samples.get("pgmux_clients{" + pool + ",state=\"waiting\"}")).isBetween(0.0, (double) THREADS);
            assertThat(samples.get("pgmux_servers{" + pool + ",state=\"total\"}")).isBetween(1.0, 4.0);
            assertThat(samples.get("pgmux_queries_seconds_count{" + pool + "}")).isPositive();
            assertThat(samples.get("pgmux_wait_seconds_count{" + pool + "}")).isPositive();
            assertThat(samples).containsKeys("pgmux_pins_total{" + pool + "}", "pgmux_acquire_timeouts_total{" + pool + "}");
            assertThat(text.get()).doesNotContain(db.password());
            assertThat(app.stderr()).contains("Prometheus metrics at http://127.0.0.1:" + port + "/metrics");
        }
    }

    @Test
    void aMetricsPortInUseIsReportedAndTheAppRunsOn(TestDatabase db) throws Exception {
        SampleSchema.ensure(db);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BackgroundJvm app = BackgroundJvm.sampleApp("pool.size=2", List.of("-Dpgmux.metrics.port=" + taken.getLocalPort()),
                     "drivermanager", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(),
                     "--threads", "2", "--requests", "20")) {
            assertThat(app.awaitExit(60)).as("%s", app).isZero();
            assertThat(app.stderr()).contains("[pgmux] ERROR", "127.0.0.1:" + taken.getLocalPort(), "pgmux.metrics.port");
            assertThat(app.stdout()).contains("\"errors\":0");
        }
    }

    @Test
    void aMetricsPortInUseStopsAStrictStartUp(TestDatabase db) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             BackgroundJvm app = BackgroundJvm.sampleApp("strict=true", List.of("-Dpgmux.metrics.port=" + taken.getLocalPort()),
                     "drivermanager", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(), "--requests", "1")) {
            assertThat(app.awaitExit(60)).as("%s", app).isEqualTo(1);
            assertThat(app.stderr()).contains("[pgmux] ERROR", "127.0.0.1:" + taken.getLocalPort(), "pgmux.strict=true");
            assertThat(app.stdout()).doesNotContain("{");
        }
    }
}

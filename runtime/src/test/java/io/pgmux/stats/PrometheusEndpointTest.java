package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.config.PgmuxConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {
    private static final String POOL = "app@db.example:5432/orders";
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakePool pool = new FakePool(POOL);
    private Statistics statistics;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        PgmuxConfig config = PgmuxConfig.defaults().with("jmx", "false").with("metrics.port", String.valueOf(freePort()));
        statistics = new Statistics(config, ManagementFactory.getPlatformMBeanServer(), LeakDetector.LOG);
        address = statistics.metricsAddress().orElseThrow();
        statistics.poolOpened(pool, null);
    }

    @AfterEach
    void close() {
        statistics.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sample lines of the Prometheus text, by name and labels as written, e.g. {@code pgmux_clients{pool="...",state="open"}}. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    void metricsShowThePoolsMeters() throws Exception {
        pool.clients(3).servers(1, 1);
        pool.counters().clientActive();
        pool.counters().pinned();
        pool.counters().transaction(2_000_000);
        pool.counters().transaction(1_000_000);
        pool.counters().query(500_000);
        pool.counters().acquireTimedOut();

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        Map<String, Double> samples = samples(response.body());
        String pool = "pool=\"" + POOL + "\"";
        assertThat(samples).containsEntry("pgmux_clients{" + pool + ",state=\"open\"}", 3.0)
                .containsEntry("pgmux_clients{" + pool + ",state=\"active\"}", 1.0)
                .containsEntry("pgmux_clients{" + pool + ",state=\"waiting\"}", 0.0)
                .containsEntry("pgmux_clients{" + pool + ",state=\"pinned\"}", 1.0)
                .containsEntry("pgmux_servers{" + pool + ",state=\"total\"}", 2.0)
                .containsEntry("pgmux_transactions_seconds_count{" + pool + "}", 2.0)
                .containsEntry("pgmux_transactions_seconds_sum{" + pool + "}", 3.0)
                .containsEntry("pgmux_queries_seconds_count{" + pool + "}", 1.0)
                .containsEntry("pgmux_wait_seconds_count{" + pool + "}", 1.0)
                .containsEntry("pgmux_pins_total{" + pool + "}", 1.0)
                .containsEntry("pgmux_acquire_timeouts_total{" + pool + "}", 1.0);
    }

    @Test
    void aClosedPoolLeavesTheMetrics() throws Exception {
        statistics.poolClosed(pool);

        assertThat(get("/metrics").body()).doesNotContain(POOL);
    }

    @Test
    void otherPathsAnswer404() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsAnswer405() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + "/metrics");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void byDefaultItListensOnLoopbackOnly() throws Exception {
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        if (external.isPresent()) {
            assertThatThrownBy(() -> new Socket(external.get(), address.getPort()).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void itDoesNotKeepTheJvmAlive() {
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("HTTP-Dispatcher"))
                .isNotEmpty().allMatch(Thread::isDaemon);
    }

    @Test
    void closingStopsServing() {
        statistics.close();

        assertThatThrownBy(() -> get("/metrics")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseStopsAStrictStartWithTheSettingToChange() throws Exception {
        PgmuxConfig taken = PgmuxConfig.defaults().with("jmx", "false").with("strict", "true")
                .with("metrics.port", String.valueOf(address.getPort()));

        assertThatThrownBy(() -> new Statistics(taken, ManagementFactory.getPlatformMBeanServer(), LeakDetector.LOG))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + address.getPort())
                .hasMessageContaining("pgmux.metrics.port");
    }

    @Test
    void aPortInUseLeavesOutOnlyTheEndpointWhereNotStrict() throws Exception {
        PgmuxConfig taken = PgmuxConfig.defaults().with("jmx", "false").with("metrics.port", String.valueOf(address.getPort()));

        try (Statistics withoutEndpoint = new Statistics(taken, ManagementFactory.getPlatformMBeanServer(), LeakDetector.LOG)) {
            assertThat(withoutEndpoint.metricsAddress()).isEmpty();
            assertThat(withoutEndpoint.scrape()).isEmpty();
        }
    }
}

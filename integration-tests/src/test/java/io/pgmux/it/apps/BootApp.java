package io.pgmux.it.apps;

import io.pgmux.it.agent.BackgroundJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One instance of the Spring Boot sample app in a child JVM, driven over HTTP. */
final class BootApp implements AutoCloseable {
    private static final Pattern FIRST_VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.]+)");

    final String name;
    private final BackgroundJvm process;
    private final int port;
    private final HttpClient http;
    private long startupMillis = -1;

    private BootApp(String name, BackgroundJvm process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Starts the app on a free port against {@code jdbcUrl}; with the agent where agentArguments is not null.
     * Boot's own settings stay as the app ships them, except that the metrics endpoint is exposed too, so that a
     * test can read the size of Boot's HikariCP pool.
     */
    static BootApp start(String name, String agentArguments, String jdbcUrl, String user, String password)
            throws IOException {
        int port = BackgroundJvm.freePort();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--server.port=" + port,
                "--management.endpoints.web.exposure.include=health,metrics",
                // the shared test database holds other tests' tables: Flyway still applies every version from V1
                "--spring.flyway.baseline-on-migrate=true",
                "--spring.flyway.baseline-version=0"));
        return new BootApp(name, BackgroundJvm.jar(agentArguments, BackgroundJvm.SPRING_BOOT_SAMPLE_JAR, arguments), port);
    }

    /** Waits until /actuator/health answers UP; how long the app took from its start. */
    long awaitHealthy(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended before it was healthy: " + process);
            }
            try {
                Response health = get("/actuator/health");
                if (health.status == 200 && health.body.contains("\"UP\"")) {
                    startupMillis = process.millisSinceStart();
                    return startupMillis;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " was not healthy within " + atMost.toSeconds() + " s: " + process);
    }

    long startupMillis() {
        return startupMillis;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The value of a gauge at /actuator/metrics/{name}. */
    double metric(String metricName) throws IOException, InterruptedException {
        Response response = get("/actuator/metrics/" + metricName);
        Matcher m = FIRST_VALUE.matcher(response.body);
        if (response.status != 200 || !m.find()) {
            throw new AssertionError(name + ": no value for metric " + metricName + ": " + response);
        }
        return Double.parseDouble(m.group(1));
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** What the agent logged in the app (its lines start with "[pgmux]"). */
    List<String> pgmuxLog() {
        List<String> lines = new ArrayList<>();
        for (String output : List.of(process.stderr(), process.stdout())) {
            output.lines().filter(line -> line.startsWith("[pgmux]")).forEach(lines::add);
        }
        return lines;
    }

    /** The app's output, for failure messages. */
    String output() {
        return process.toString();
    }

    @Override
    public void close() throws Exception {
        process.close();
    }

    @Override
    public String toString() {
        return name;
    }

    /** An HTTP answer: status and body. */
    static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}

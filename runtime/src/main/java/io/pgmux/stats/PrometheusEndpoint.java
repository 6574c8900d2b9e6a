package io.pgmux.stats;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /metrics} at {@code pgmux.metrics.host:pgmux.metrics.port} (127.0.0.1 unless told otherwise): the
 * Prometheus text of pgmux's meters, on the JDK's own HTTP server. Everything else answers 404.
 */
final class PrometheusEndpoint implements AutoCloseable {
    static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code registry} at {@code http://host:port/metrics}; port 0 takes a free one.
     *
     * @throws IOException where the address cannot be bound, with the address and the setting to change
     */
    static PrometheusEndpoint start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("pgmux.metrics.host=" + host + " does not resolve to an address of this machine; "
                    + "use 127.0.0.1 (the default) or 0.0.0.0 for all interfaces");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("pgmux cannot serve Prometheus metrics at " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another pgmux.metrics.port or pgmux.metrics.host", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pgmux-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, registry));
        startOnDaemonThread(server);
        return new PrometheusEndpoint(server, executor);
    }

    /**
     * The JDK server's dispatcher thread inherits daemon status from the thread that starts it; a non-daemon
     * dispatcher would keep the app's JVM alive after its main method returns.
     */
    private static void startOnDaemonThread(HttpServer server) throws IOException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "pgmux-metrics-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IOException("interrupted while starting the Prometheus endpoint", e);
        }
        if (failure.get() != null) {
            throw new IOException("pgmux cannot start the Prometheus endpoint: " + failure.get().getMessage(), failure.get());
        }
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "Not found: pgmux serves " + PATH + "\n");
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "Method not allowed: use GET\n");
            } else {
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                if ("HEAD".equals(method)) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The address actually bound (the port chosen where 0 was asked). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
    }
}

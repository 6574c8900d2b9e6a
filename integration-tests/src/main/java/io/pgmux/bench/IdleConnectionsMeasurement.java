package io.pgmux.bench;

import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link IdleConnectionsProbe} with the agent and counts the backends PostgreSQL has while its connections idle. */
final class IdleConnectionsMeasurement {

    /**
     * {@code clientsOpen} and {@code serversActive}: the pool MBeans' logical connections open and server connections
     * held by them while they idled.
     */
    record Result(int connections, long addedHeapBytes, int backendsWhileIdle, int peakBackends, int minIdle,
                  long clientsOpen, long serversActive) {
        double addedHeapMb() {
            return addedHeapBytes / (1024.0 * 1024.0);
        }

        double bytesPerConnection() {
            return (double) addedHeapBytes / connections;
        }
    }

    private static final long TIMEOUT_SECONDS = 600;
    private static final Pattern ADDED = Pattern.compile("\"added_bytes\":(-?\\d+)");
    private static final Pattern CLIENTS_OPEN = Pattern.compile("\"clients_open\":(-?\\d+)");
    private static final Pattern SERVERS_ACTIVE = Pattern.compile("\"servers_active\":(-?\\d+)");

    private IdleConnectionsMeasurement() {
    }

    private static long number(Pattern field, String line) {
        Matcher m = field.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static Result measure(TestDatabase database, Path agentJar, int connections, Path workDirectory)
            throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(agentJar, List.of(
                "-Dpgmux.pool.minIdle=" + BenchSettings.POOL_MIN_IDLE,
                "-Dpgmux.pool.size=" + BenchSettings.POOL_SIZE,
                "-Dpgmux.pool.reserve=" + BenchSettings.POOL_RESERVE));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleConnectionsProbe.class.getName(),
                database.jdbcUrl(), database.user(), database.password(), Integer.toString(connections)));
        BackendDrain.drain(database);
        Path stderr = workDirectory.resolve("idle-connections.err");
        try (BackendSampler sampler = database.sampleBackends(database.database())) {
            Process process = ChildProcesses.track(new ProcessBuilder(command)
                    .redirectError(stderr.toFile()).start());
            // a probe that hangs while opening connections must not hang the benchmark: its stdout then ends
            CompletableFuture.delayedExecutor(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .execute(() -> ChildProcesses.destroy(process));
            try {
                String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                Matcher added = line == null ? null : ADDED.matcher(line);
                if (added == null || !added.find()) {
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("The idle connections probe gave no result within "
                            + TIMEOUT_SECONDS + " s. Its stderr: "
                            + SampleAppRunner.tail(stderr));
                }
                int backends = database.countBackends(database.database());
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write('\n');
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The idle connections probe did not end after closing its connections");
                }
                return new Result(connections, Long.parseLong(added.group(1)), backends, sampler.peak(),
                        BenchSettings.POOL_MIN_IDLE, number(CLIENTS_OPEN, line), number(SERVERS_ACTIVE, line));
            } finally {
                ChildProcesses.destroy(process);
            }
        }
    }
}

package io.pgmux.bench;

import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the sample app of one cell in a child JVM and measures it from outside: backends, heap, resident memory. */
final class SampleAppRunner {

    /** Time a child may need beyond its run: JVM start, connecting, closing. */
    private static final long GRACE_SECONDS = 120;
    private static final long RSS_POLL_MILLIS = 200;

    private final TestDatabase database;
    private final Path sampleAppsJar;
    private final Path agentJar;
    private final Path workDirectory;
    private final BenchSettings settings;
    /** The streaming standby of scenarios with one; null where none runs. */
    private final Standby standby;

    SampleAppRunner(TestDatabase database, Path sampleAppsJar, Path agentJar, Path workDirectory, BenchSettings settings,
                    Standby standby) {
        this.database = database;
        this.standby = standby;
        this.sampleAppsJar = sampleAppsJar;
        this.agentJar = agentJar;
        this.workDirectory = workDirectory;
        this.settings = settings;
    }

    /** Creates and fills the pgbench tables once, without the agent. */
    void initSchema(int scale) throws IOException, InterruptedException {
        List<String> command = ChildJvm.command(null, List.of());
        command.addAll(List.of("-jar", sampleAppsJar.toString(), "drivermanager", "--url", database.jdbcUrl(),
                "--user", database.user(), "--password", database.password(), "--requests", "0",
                "--init", "--scale", Integer.toString(scale)));
        Path out = workDirectory.resolve("init.out");
        Process process = ChildProcesses.track(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start());
        try {
            if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("Creating the pgbench tables failed; output of the sample app:\n"
                        + Files.readString(out));
            }
        } finally {
            ChildProcesses.destroy(process);
        }
    }

    RunMeasurement run(Cell cell, int repeat) throws IOException, InterruptedException {
        Scenario scenario = cell.scenario();
        String name = cell.label().replace(' ', '_') + "_r" + repeat;
        Path stdout = workDirectory.resolve(name + ".out");
        Path stderr = workDirectory.resolve(name + ".err");
        Path gcLog = workDirectory.resolve(name + ".gc.log");
        List<String> command = ChildJvm.command(scenario.agent ? agentJar : null, agentProperties(scenario));
        command.add(HeapLog.option(gcLog));
        command.addAll(List.of("-jar", sampleAppsJar.toString(), scenario.style, "--url", url(scenario),
                "--user", database.user(), "--password", database.password(),
                "--threads", Integer.toString(cell.threads()), "--mode", cell.mode(),
                "--warmup", Double.toString(settings.warmupSeconds()),
                "--duration", Double.toString(settings.runSeconds()),
                "--app-pool-size", Integer.toString(settings.poolSize())));
        if (scenario.readOnly) {
            command.add("--read-only");
        }
        runStandbyOnlyFor(scenario);
        BackendDrain.drain(database);
        StandbyBackends standbyServers = scenario.standby ? standbyBackends() : null;
        double peakRss = Double.NaN;
        int peakServers;
        Process process;
        try (BackendSampler servers = database.sampleBackends(database.database())) {
            process = ChildProcesses.track(new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(runSeconds() + GRACE_SECONDS);
            try {
                while (!process.waitFor(RSS_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    double rss = ResidentMemory.peakMb(process.pid());
                    if (!Double.isNaN(rss)) {
                        peakRss = rss;
                    }
                    if (System.nanoTime() > deadline) {
                        ChildProcesses.destroy(process);
                        return failed(cell, repeat, "did not end within " + (runSeconds() + GRACE_SECONDS)
                                + " s; killed. stderr: " + tail(stderr));
                    }
                }
            } finally {
                ChildProcesses.destroy(process);
            }
            peakServers = servers.samples() > 0 ? servers.peak() : -1;
        } finally {
            if (standbyServers != null) {
                standbyServers.close();
            }
        }
        List<String> lines = Files.readAllLines(stdout);
        SampleAppResult result = lines.isEmpty() ? null : SampleAppResult.parse(lines.get(lines.size() - 1));
        if (result == null) {
            return failed(cell, repeat, "exit code " + process.exitValue() + ", no result line. stderr: " + tail(stderr));
        }
        return new RunMeasurement(cell, repeat, result.tps(), result.p50Ms(), result.p99Ms(), result.maxMs(),
                result.requests(), result.errors(), peakServers, HeapLog.peakMb(gcLog), peakRss, result.latencies(), null,
                standbyServers == null ? -1 : standbyServers.peak());
    }

    /**
     * The standby runs only for the scenarios that use it: replication costs the primary's CPU, which would change the
     * other rows, and the primary-only scenario k stands for a deployment without a standby. Before a scenario with
     * it, the standby has caught up with what the runs before it wrote.
     */
    private void runStandbyOnlyFor(Scenario scenario) {
        if (standby == null) {
            return;
        }
        if (!scenario.standby) {
            standby.stop();
            return;
        }
        if (!standby.isRunning()) {
            standby.start();
        }
        // a full run writes a lot while the standby is stopped: give its catching up several of the harness's waits
        for (int attempt = 1; ; attempt++) {
            try {
                standby.awaitReplayed();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private StandbyBackends standbyBackends() throws InterruptedException {
        try {
            return StandbyBackends.drainAndSample(standby);
        } catch (SQLException e) {
            throw new IllegalStateException("The standby on port " + standby.port() + " does not answer: "
                    + e.getMessage(), e);
        }
    }

    private long runSeconds() {
        return (long) Math.ceil(settings.warmupSeconds() + settings.runSeconds());
    }

    /** Through PgBouncer without the agent the app must turn off named statements itself; the agent does it for f and g. */
    private String url(Scenario scenario) {
        if (scenario.route == Scenario.Route.DIRECT) {
            return database.jdbcUrl();
        }
        String pgbouncer = database.pgbouncerUrl(PoolMode.TRANSACTION);
        return scenario.agent ? pgbouncer : pgbouncer + "?prepareThreshold=0";
    }

    private List<String> agentProperties(Scenario scenario) {
        List<String> properties = new ArrayList<>(List.of(
                "-Dpgmux.pool.size=" + settings.poolSize(),
                "-Dpgmux.pool.reserve=" + settings.poolReserve()));
        if (scenario.route == Scenario.Route.PGBOUNCER) {
            properties.add("-Dpgmux.target=" + database.host() + ':' + database.pgbouncerPort());
        }
        if (scenario.standby) {
            properties.add("-Dpgmux.standby=" + standby.host() + ':' + standby.port());
        }
        return properties;
    }

    private static RunMeasurement failed(Cell cell, int repeat, String why) {
        return new RunMeasurement(cell, repeat, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, -1, Double.NaN,
                Double.NaN, LatencyBins.empty(), why);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.startsWith("\t")).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable " + file + ")";
        }
    }
}

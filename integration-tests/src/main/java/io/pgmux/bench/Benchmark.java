package io.pgmux.bench;

import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark of SPEC section 9: sample apps with and without the agent, straight to PostgreSQL and through
 * PgBouncer, side by side on one PostgreSQL and PgBouncer, repeated and interleaved; then start-up time, the heap
 * of idle logical connections and, where built, the runtime's JMH benchmarks. Writes report.md, report.json,
 * chart.png (TPS and server connections) and latency.png (latency histograms).
 *
 * <p>Arguments: {@code --sample-apps JAR --agent JAR --out DIR [--quick] [--scenarios a,b,..] [--jmh-project DIR]}; {@code --jmh-project} is the repository root, whose runtime's
 * {@code jmh} Maven profile runs the per-statement benchmarks (full runs only).
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> options = parse(args);
        Path sampleApps = existing(options, "--sample-apps");
        List<Scenario> scenarios = options.containsKey("--scenarios")
                ? Arrays.stream(options.get("--scenarios").split(",")).map(Scenario::fromLetter).toList()
                : List.of(Scenario.values());
        boolean agentNeeded = scenarios.stream().anyMatch(scenario -> scenario.agent);
        Path agent = options.containsKey("--agent") ? Paths.get(options.get("--agent")) : null;
        if (agent != null && !Files.isRegularFile(agent)) {
            if (agentNeeded) {
                throw new IllegalArgumentException("The agent jar " + agent + " does not exist: build it with"
                        + " 'mvn -pl agent -am package -DskipTests', or leave out the scenarios with the agent ("
                        + String.join(", ", Arrays.stream(Scenario.values()).filter(s -> s.agent).map(Scenario::letter).toList())
                        + ") with --scenarios");
            }
            agent = null;
        }
        BenchSettings settings = options.containsKey("--quick") ? BenchSettings.quick(scenarios) : BenchSettings.full(scenarios);
        Path out = Paths.get(options.getOrDefault("--out", "target/bench"));
        Path work = out.resolve("runs");
        Files.createDirectories(work);
        // every run uses the same build, even where the jars are rebuilt while the benchmark runs
        sampleApps = Files.copy(sampleApps, work.resolve("sample-apps.jar"), StandardCopyOption.REPLACE_EXISTING);
        if (agent != null) {
            agent = Files.copy(agent, work.resolve("pgmux-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        long began = System.nanoTime();

        System.out.println("Starting PostgreSQL and PgBouncer...");
        TestDatabase database = TestDatabases.shared();
        Standby standby = null;
        if (scenarios.stream().anyMatch(scenario -> scenario.standby)) {
            System.out.println("Starting a streaming standby...");
            standby = database.standby();
        }
        SampleAppRunner runner = new SampleAppRunner(database, sampleApps, agent, work, settings, standby);
        System.out.println("Creating the pgbench tables (scale " + settings.scale() + ")...");
        runner.initSchema(settings.scale());

        List<Cell> cells = new ArrayList<>();
        for (int threads : settings.threadCounts()) {
            for (String mode : settings.modes()) {
                for (Scenario scenario : scenarios) {
                    if (scenario.runsIn(mode)) {
                        cells.add(new Cell(scenario, threads, mode));
                    }
                }
            }
        }
        List<RunMeasurement> runs = new ArrayList<>();
        int total = cells.size() * settings.repeats();
        for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
            for (Cell cell : interleaved(cells, repeat)) {
                RunMeasurement run = runner.run(cell, repeat);
                runs.add(run);
                System.out.println(progress(runs.size(), total, run));
            }
        }
        Map<Cell, CellSummary> summaries = new LinkedHashMap<>();
        for (Cell cell : cells) {
            summaries.put(cell, CellSummary.of(cell, runs.stream().filter(run -> run.cell().equals(cell)).toList()));
        }

        StartupProbe.Result startup = null;
        IdleConnectionsMeasurement.Result idle = null;
        String startupSkipped = "the agent jar was not given or not built";
        String idleSkipped = startupSkipped;
        if (agent != null) {
            System.out.println("Measuring start-up time with and without the agent...");
            try {
                startup = StartupProbe.measure(agent, settings.startupRepeats());
            } catch (IllegalStateException e) {
                startupSkipped = "failed: " + e.getMessage();
                System.out.println(startupSkipped);
            }
            System.out.println("Opening " + settings.idleConnections() + " idle logical connections...");
            try {
                idle = IdleConnectionsMeasurement.measure(database, agent, settings.idleConnections(), work);
            } catch (IllegalStateException e) {
                idleSkipped = "failed: " + e.getMessage();
                System.out.println(idleSkipped);
            }
        }
        List<JmhOverhead.Row> jmh = null;
        String jmhSkipped;
        Path jmhProject = options.containsKey("--jmh-project") ? Paths.get(options.get("--jmh-project")) : null;
        if (settings.quick()) {
            jmhSkipped = "the JMH benchmarks run only in the full benchmark, not with --quick";
        } else if (jmhProject == null || !Files.isDirectory(jmhProject.resolve("runtime/src/jmh"))) {
            jmhSkipped = "the runtime has no JMH benchmarks (runtime/src/jmh)";
        } else {
            System.out.println("Running the runtime's JMH benchmarks...");
            try {
                jmh = JmhOverhead.run(jmhProject, database, work);
                jmhSkipped = null;
            } catch (IllegalStateException e) {
                jmhSkipped = "failed: " + e.getMessage();
                System.out.println(jmhSkipped);
            }
        }

        BenchResults results = new BenchResults(settings, Machine.facts(postgresVersion(database)), summaries, runs,
                startup, startupSkipped, idle, idleSkipped, jmh, jmhSkipped, (System.nanoTime() - began) / 1e9);
        List<Ratio> ratios = Goals.headline(results);
        List<Goal> goals = Goals.evaluate(results);
        Files.writeString(out.resolve("report.md"), Report.markdown(results, ratios, goals));
        Files.writeString(out.resolve("report.json"), Report.json(results, ratios, goals));
        Chart.write(results, out.resolve("chart.png"));
        LatencyChart.write(results, out.resolve("latency.png"));

        System.out.println();
        System.out.print(Report.overview(results));
        System.out.println();
        for (Goal goal : goals) {
            System.out.printf(Locale.ROOT, "%-13s %s: %s (target %s)%n",
                    goal.status() == Goal.Status.NOT_MEASURED ? "not measured" : goal.status(), goal.name(),
                    goal.measured(), goal.target());
        }
        System.out.println();
        System.out.println("Report: " + out.resolve("report.md") + ", " + out.resolve("report.json") + ", "
                + out.resolve("chart.png") + ", " + out.resolve("latency.png"));
        System.exit(0);
    }

    /** Each repeat runs the cells in another order: rotated, and reversed every other repeat. */
    static List<Cell> interleaved(List<Cell> cells, int repeat) {
        List<Cell> order = new ArrayList<>(cells);
        Collections.rotate(order, (repeat - 1) * Math.max(1, cells.size() / 3));
        if (repeat % 2 == 0) {
            Collections.reverse(order);
        }
        return order;
    }

    private static String progress(int done, int total, RunMeasurement run) {
        if (run.failed()) {
            String failure = run.failure();
            String shortened = failure.length() > 300 ? "..." + failure.substring(failure.length() - 300) : failure;
            return String.format(Locale.ROOT, "[%3d/%d] %-45s FAILED: %s", done, total, run.cell().label(), shortened);
        }
        return String.format(Locale.ROOT, "[%3d/%d] %-45s %8.0f TPS  p99 %7.2f ms  max %8.2f ms  errors %d  servers %d",
                done, total, run.cell().label(), run.tps(), run.p99Ms(), run.maxMs(), run.errors(),
                run.peakServerConnections());
    }

    private static String postgresVersion(TestDatabase database) {
        try (Connection connection = database.superuserConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Path existing(Map<String, String> options, String option) {
        String value = options.get(option);
        if (value == null || !Files.isRegularFile(Paths.get(value))) {
            throw new IllegalArgumentException(option + " must name an existing file, got " + value
                    + "; build it with 'mvn -pl sample-apps,agent -am package -DskipTests' or run ./bench.sh");
        }
        return Paths.get(value);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> options.put("--quick", "true");
                case "--sample-apps", "--agent", "--out", "--scenarios", "--jmh-project" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    options.put(args[i], args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected --quick,"
                        + " --scenarios a,b,..., --sample-apps JAR, --agent JAR, --out DIR, --jmh-project DIR");
            }
        }
        return options;
    }
}

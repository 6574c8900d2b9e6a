package io.pgmux.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The headline ratios and the goals the benchmark is held to, computed from medians. */
final class Goals {

    private static final int GOAL_THREADS = 64;
    private static final int MANY_THREADS = 256;
    /** Where a connect per request with the agent is held to the app's own pool (issue 14). */
    private static final List<Integer> CONNECT_GOAL_THREADS = List.of(16, GOAL_THREADS, MANY_THREADS);
    private static final int MAX_SERVERS_AT_MANY_THREADS = 15;
    /** 256 backends on a small machine cost more than a queue in front of 15 server connections. */
    private static final double MIN_HOLD_RATIO = 1.5;
    private static final double MAX_IDLE_HEAP_MB = 20;
    private static final double MAX_STARTUP_ADDED_MS = 300;
    private static final double MIN_STANDBY_RATIO = 1.6;

    private Goals() {
    }

    static List<Ratio> headline(BenchResults results) {
        List<Ratio> ratios = new ArrayList<>();
        for (int threads : results.settings().threadCounts()) {
            for (String mode : results.settings().modes()) {
                CellSummary a = results.cell(Scenario.A, threads, mode);
                CellSummary b = results.cell(Scenario.B, threads, mode);
                CellSummary c = results.cell(Scenario.C, threads, mode);
                CellSummary d = results.cell(Scenario.D, threads, mode);
                CellSummary e = results.cell(Scenario.E, threads, mode);
                CellSummary f = results.cell(Scenario.F, threads, mode);
                CellSummary h = results.cell(Scenario.H, threads, mode);
                CellSummary i = results.cell(Scenario.I, threads, mode);
                CellSummary j = results.cell(Scenario.J, threads, mode);
                ratios.add(Ratio.of("TPS e/c (agent vs hikari, direct)", threads, mode, e, c, Ratio.Figure.TPS));
                ratios.add(Ratio.of("p99 e/c (agent vs hikari, direct)", threads, mode, e, c, Ratio.Figure.P99));
                ratios.add(Ratio.of("TPS j/c (agent datasource vs hikari, direct)", threads, mode, j, c, Ratio.Figure.TPS));
                ratios.add(Ratio.of("TPS e/a (agent vs drivermanager, direct)", threads, mode, e, a, Ratio.Figure.TPS));
                ratios.add(Ratio.of("TPS f/d (agent vs hikari, PgBouncer)", threads, mode, f, d, Ratio.Figure.TPS));
                ratios.add(Ratio.of("max f/d (agent vs hikari, PgBouncer)", threads, mode, f, d, Ratio.Figure.MAX));
                ratios.add(Ratio.of("TPS f/b (agent vs drivermanager, PgBouncer)", threads, mode, f, b, Ratio.Figure.TPS));
                ratios.add(Ratio.of("TPS i/h (agent hold vs hold, direct)", threads, mode, i, h, Ratio.Figure.TPS));
            }
            if (results.settings().modes().contains("read")) {
                ratios.add(Ratio.of("TPS l/k (read-only, with a standby vs primary only)", threads, "read",
                        results.cell(Scenario.L, threads, "read"), results.cell(Scenario.K, threads, "read"),
                        Ratio.Figure.TPS));
            }
        }
        return ratios;
    }

    static List<Goal> evaluate(BenchResults results) {
        List<Goal> goals = new ArrayList<>();
        int maxServers = results.settings().poolSize() + results.settings().poolReserve();
        for (String mode : results.settings().modes()) {
            for (int threads : CONNECT_GOAL_THREADS) {
                String at = " (" + mode + ", " + threads + " threads)";
                goals.add(ratioGoal(results, "agent direct TPS vs hikari direct" + at, Scenario.E, Scenario.C, threads,
                        mode, Ratio.Figure.TPS, 0.95, true));
                goals.add(ratioGoal(results, "agent direct p99 vs hikari direct" + at, Scenario.E, Scenario.C, threads,
                        mode, Ratio.Figure.P99, 1.2, false));
                goals.add(ratioGoal(results, "agent datasource direct TPS vs hikari direct" + at, Scenario.J,
                        Scenario.C, threads, mode, Ratio.Figure.TPS, 0.95, true));
            }
            String at = " (" + mode + ", " + GOAL_THREADS + " threads)";
            goals.add(serversGoal(results, "agent direct server connections" + at, Scenario.E, GOAL_THREADS, mode,
                    maxServers, "pool.size+reserve"));
            goals.add(ratioGoal(results, "agent direct TPS vs drivermanager direct" + at, Scenario.E, Scenario.A,
                    GOAL_THREADS, mode, Ratio.Figure.TPS, 20, true));
            goals.add(ratioGoal(results, "agent via PgBouncer TPS vs drivermanager via PgBouncer" + at, Scenario.F,
                    Scenario.B, GOAL_THREADS, mode, Ratio.Figure.TPS, 3, true));
            goals.add(ratioGoal(results, "agent via PgBouncer TPS vs hikari via PgBouncer" + at, Scenario.F, Scenario.D,
                    GOAL_THREADS, mode, Ratio.Figure.TPS, 1.0, true));
            goals.add(ratioGoal(results, "agent via PgBouncer max latency vs hikari via PgBouncer" + at, Scenario.F,
                    Scenario.D, GOAL_THREADS, mode, Ratio.Figure.MAX, 1.0, false));
            goals.add(holdGoal(results, mode));
        }
        for (Scenario scenario : List.of(Scenario.E, Scenario.F, Scenario.G, Scenario.J)) {
            for (String mode : results.settings().modes()) {
                goals.add(manyThreadsGoal(results, scenario, mode));
            }
        }
        goals.add(idleGoal(results));
        goals.add(startupGoal(results));
        goals.add(standbyGoal(results));
        return goals;
    }

    /** Issue 15: read-only transactions spread over the primary and one standby against the primary alone. */
    private static Goal standbyGoal(BenchResults results) {
        Goal ratio = ratioGoal(results, "read-only TPS with one standby vs primary only (read, " + GOAL_THREADS
                + " threads)", Scenario.L, Scenario.K, GOAL_THREADS, "read", Ratio.Figure.TPS, MIN_STANDBY_RATIO, true);
        int standbyPeak = results.runs().stream()
                .filter(run -> run.cell().equals(new Cell(Scenario.L, GOAL_THREADS, "read")) && !run.failed())
                .mapToInt(RunMeasurement::peakStandbyServerConnections).max().orElse(-1);
        if (ratio.status() == Goal.Status.NOT_MEASURED || standbyPeak < 0) {
            return ratio;
        }
        // a run whose reads never reached the standby measured the primary twice
        return Goal.check(ratio.name(), ratio.target(), ratio.measured() + ", standby peak " + standbyPeak
                + " servers", ratio.status() == Goal.Status.PASS && standbyPeak > 0);
    }

    private static Goal ratioGoal(BenchResults results, String name, Scenario top, Scenario bottom, int threads,
                                  String mode, Ratio.Figure figure, double bound, boolean atLeast) {
        String target = (atLeast ? ">= " : "<= ") + bound + "x";
        CellSummary numerator = results.cell(top, threads, mode);
        CellSummary denominator = results.cell(bottom, threads, mode);
        if (numerator == null || denominator == null) {
            return Goal.notMeasured(name, target, notBothRun(results, top, bottom, threads));
        }
        Ratio ratio = Ratio.of(name, threads, mode, numerator, denominator, figure);
        if (Double.isNaN(ratio.value())) {
            return Goal.notMeasured(name, target, "no successful run to compare");
        }
        // a fast run that lost requests meets no goal
        boolean clean = numerator.errors() == 0 && numerator.failures().isEmpty();
        boolean met = clean && (atLeast ? ratio.value() >= bound : ratio.value() <= bound);
        String measured = ratio.formatted() + (clean ? "" : " (" + top.letter() + ": " + numerator.errors()
                + " request errors, " + numerator.failures().size() + " failed runs)");
        return Goal.check(name, target, measured, met);
    }

    /** The hold app with the agent against the same app keeping a server connection per thread. */
    private static Goal holdGoal(BenchResults results, String mode) {
        String name = "agent hold direct TPS vs hold direct (" + mode + ", " + MANY_THREADS
                + " threads), server connections";
        String target = ">= " + MIN_HOLD_RATIO + "x with <= " + MAX_SERVERS_AT_MANY_THREADS + " servers";
        CellSummary withAgent = results.cell(Scenario.I, MANY_THREADS, mode);
        CellSummary without = results.cell(Scenario.H, MANY_THREADS, mode);
        if (withAgent == null || without == null) {
            return Goal.notMeasured(name, target, notBothRun(results, Scenario.I, Scenario.H, MANY_THREADS));
        }
        Ratio ratio = Ratio.of(name, MANY_THREADS, mode, withAgent, without, Ratio.Figure.TPS);
        if (Double.isNaN(ratio.value()) || withAgent.maxPeakServers() < 0) {
            return Goal.notMeasured(name, target, "no successful run to compare");
        }
        boolean clean = withAgent.errors() == 0 && withAgent.failures().isEmpty();
        boolean met = clean && ratio.value() >= MIN_HOLD_RATIO && withAgent.maxPeakServers() <= MAX_SERVERS_AT_MANY_THREADS;
        return Goal.check(name, target, ratio.formatted() + ", " + withAgent.maxPeakServers() + " servers"
                + (clean ? "" : " (i: " + withAgent.errors() + " request errors, " + withAgent.failures().size()
                + " failed runs)"), met);
    }

    private static String notBothRun(BenchResults results, Scenario top, Scenario bottom, int threads) {
        return "scenarios " + top.letter() + " and " + bottom.letter() + " were not both run at " + threads + " threads"
                + (results.settings().quick() && !results.settings().threadCounts().contains(threads) ? " (--quick)" : "");
    }

    private static Goal serversGoal(BenchResults results, String name, Scenario scenario, int threads, String mode,
                                    int bound, String boundName) {
        String target = "<= " + bound + " (" + boundName + ")";
        CellSummary cell = results.cell(scenario, threads, mode);
        if (cell == null || cell.maxPeakServers() < 0) {
            return Goal.notMeasured(name, target, cell == null ? "not run" : "no successful run");
        }
        return Goal.check(name, target, cell.maxPeakServers() + " at most", cell.maxPeakServers() <= bound);
    }

    private static Goal manyThreadsGoal(BenchResults results, Scenario scenario, String mode) {
        String name = scenario.label() + " at " + MANY_THREADS + " threads (" + mode + "): server connections, errors";
        String target = "<= " + MAX_SERVERS_AT_MANY_THREADS + " servers, 0 errors";
        CellSummary cell = results.cell(scenario, MANY_THREADS, mode);
        if (cell == null || cell.maxPeakServers() < 0) {
            return Goal.notMeasured(name, target, MANY_THREADS + " threads not run"
                    + (results.settings().quick() ? " (--quick)" : ""));
        }
        boolean met = cell.maxPeakServers() <= MAX_SERVERS_AT_MANY_THREADS && cell.errors() == 0
                && cell.failures().isEmpty();
        return Goal.check(name, target, cell.maxPeakServers() + " servers, " + cell.errors() + " errors"
                + (cell.failures().isEmpty() ? "" : ", " + cell.failures().size() + " failed runs"), met);
    }

    private static Goal idleGoal(BenchResults results) {
        IdleConnectionsMeasurement.Result idle = results.idle();
        String name = "heap and server connections of " + results.settings().idleConnections() + " idle logical connections";
        String target = "< " + (int) MAX_IDLE_HEAP_MB + " MB heap, 0 server connections held by them (backends: only"
                + " the pool's minIdle)";
        if (idle == null) {
            return Goal.notMeasured(name, target, results.idleSkipped());
        }
        boolean met = idle.addedHeapMb() < MAX_IDLE_HEAP_MB && idle.serversActive() == 0
                && idle.clientsOpen() >= idle.connections() && idle.backendsWhileIdle() <= idle.minIdle();
        return Goal.check(name, target, String.format(Locale.ROOT, "%.1f MB (%.0f bytes each), %d server connections held"
                        + " (ClientsOpen %d), %d backends (minIdle %d)", idle.addedHeapMb(), idle.bytesPerConnection(),
                idle.serversActive(), idle.clientsOpen(), idle.backendsWhileIdle(), idle.minIdle()), met);
    }

    private static Goal startupGoal(BenchResults results) {
        String name = "start-up time added by the agent";
        String target = "< " + (int) MAX_STARTUP_ADDED_MS + " ms";
        StartupProbe.Result startup = results.startup();
        if (startup == null) {
            return Goal.notMeasured(name, target, results.startupSkipped());
        }
        return Goal.check(name, target, String.format(Locale.ROOT, "%.0f ms", startup.addedMs()),
                startup.addedMs() < MAX_STARTUP_ADDED_MS);
    }
}

package io.pgmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goals are judged from medians as the issue states them; nothing here reaches a database. */
class GoalsTest {
    private final BenchSettings settings = BenchSettings.quick(List.of(Scenario.values()));
    private final Map<Cell, CellSummary> cells = new HashMap<>();
    private final List<RunMeasurement> runs = new ArrayList<>();

    @Test
    void aRatioGoalIsJudgedOnTheMedianOfTheRepeats() {
        cell(Scenario.C, "read", 0, 10, 1000, 1000, 1000);
        cell(Scenario.E, "read", 0, 10, 990, 900, 980);   // median 980: 0.98x
        cell(Scenario.C, "write", 0, 10, 1000, 1000, 1000);
        cell(Scenario.E, "write", 0, 10, 2000, 900, 940); // median 940: 0.94x

        assertThat(goal("agent direct TPS vs hikari direct (read, 64 threads)").status()).isEqualTo(Goal.Status.PASS);
        Goal write = goal("agent direct TPS vs hikari direct (write, 64 threads)");
        assertThat(write.status()).isEqualTo(Goal.Status.MISS);
        assertThat(write.measured()).contains("0.94x");
    }

    @Test
    void aFastRunThatLostRequestsMeetsNoGoal() {
        cell(Scenario.C, "read", 0, 10, 1000, 1000, 1000);
        cell(Scenario.E, "read", 3, 10, 2000, 2000, 2000);

        assertThat(goal("agent direct TPS vs hikari direct (read, 64 threads)").status()).isEqualTo(Goal.Status.MISS);
    }

    @Test
    void moreServerConnectionsThanPoolSizePlusReserveMissTheGoal() {
        cell(Scenario.E, "read", 0, 16, 1000, 1000, 1000);

        Goal servers = goal("agent direct server connections (read, 64 threads)");
        assertThat(servers.status()).isEqualTo(Goal.Status.MISS);
        assertThat(servers.target()).contains("15");
    }

    @Test
    void idleConnectionsMustHoldNoServerConnectionAndStayUnderTwentyMegabytes() {
        assertThat(idleGoal(new IdleConnectionsMeasurement.Result(10_000, 3 << 20, 2, 2, 2, 10_001, 0)).status())
                .isEqualTo(Goal.Status.PASS);
        assertThat(idleGoal(new IdleConnectionsMeasurement.Result(10_000, 3 << 20, 2, 2, 2, 10_001, 1)).status())
                .isEqualTo(Goal.Status.MISS);
        assertThat(idleGoal(new IdleConnectionsMeasurement.Result(10_000, 21 << 20, 2, 2, 2, 10_001, 0)).status())
                .isEqualTo(Goal.Status.MISS);
        // the MBeans must have seen the connections: a probe that counted nothing proves nothing
        assertThat(idleGoal(new IdleConnectionsMeasurement.Result(10_000, 3 << 20, 2, 2, 2, -1, 0)).status())
                .isEqualTo(Goal.Status.MISS);
    }

    @Test
    void aCellThatWasNotRunIsNotMeasuredRatherThanPassed() {
        Goal goal = goal("agent via PgBouncer TPS vs hikari via PgBouncer (read, 64 threads)");

        assertThat(goal.status()).isEqualTo(Goal.Status.NOT_MEASURED);
    }

    @Test
    void aConnectPerRequestIsHeldToTheAppPoolAtSixteenSixtyFourAndTwoHundredFiftySixThreads() {
        for (int threads : List.of(16, 64, 256)) {
            cell(Scenario.C, threads, "read", 0, 10, 1000, 1000, 1000);
        }
        cell(Scenario.E, 16, "read", 0, 10, 960, 940, 950);   // median 950: 0.95x
        cell(Scenario.E, 64, "read", 0, 10, 1000, 1000, 1000);
        cell(Scenario.E, 256, "read", 0, 10, 990, 930, 940);  // median 940: 0.94x

        assertThat(goal("agent direct TPS vs hikari direct (read, 16 threads)").status()).isEqualTo(Goal.Status.PASS);
        assertThat(goal("agent direct TPS vs hikari direct (read, 256 threads)").status()).isEqualTo(Goal.Status.MISS);
        assertThat(goal("agent direct TPS vs hikari direct (write, 16 threads)").status())
                .isEqualTo(Goal.Status.NOT_MEASURED);
    }

    @Test
    void theP99OfAConnectPerRequestMayBeAtMostOnePointTwoTimesTheAppPools() {
        cell(Scenario.C, 256, "read", 0, 10, repeats(1000, 1000, 1000), repeats(100, 100, 100), repeats(200, 200, 200));
        cell(Scenario.E, 256, "read", 0, 10, repeats(1000, 1000, 1000), repeats(100, 119, 500), repeats(200, 200, 200));
        cell(Scenario.C, 256, "write", 0, 10, repeats(1000, 1000, 1000), repeats(100, 100, 100), repeats(200, 200, 200));
        cell(Scenario.E, 256, "write", 0, 10, repeats(1000, 1000, 1000), repeats(100, 121, 500), repeats(200, 200, 200));

        assertThat(goal("agent direct p99 vs hikari direct (read, 256 threads)").status()).isEqualTo(Goal.Status.PASS);
        Goal write = goal("agent direct p99 vs hikari direct (write, 256 threads)");
        assertThat(write.status()).isEqualTo(Goal.Status.MISS);
        assertThat(write.measured()).isEqualTo("1.21x");
    }

    @Test
    void theDataSourceAppWithTheAgentIsHeldToTheAppPool() {
        cell(Scenario.C, "write", 0, 10, 1000, 1000, 1000);
        cell(Scenario.J, "write", 0, 10, 940, 960, 970);  // median 960
        cell(Scenario.C, "read", 0, 10, 1000, 1000, 1000);
        cell(Scenario.J, "read", 0, 10, 940, 930, 2000);  // median 940

        assertThat(goal("agent datasource direct TPS vs hikari direct (write, 64 threads)").status())
                .isEqualTo(Goal.Status.PASS);
        assertThat(goal("agent datasource direct TPS vs hikari direct (read, 64 threads)").status())
                .isEqualTo(Goal.Status.MISS);
    }

    @Test
    void theAgentThroughPgBouncerMustMatchTheAppPoolThroughPgBouncerInThroughputAndInMaxLatency() {
        cell(Scenario.D, 64, "read", 0, 10, repeats(1000, 1000, 1000), repeats(50, 50, 50), repeats(2900, 2900, 2900));
        cell(Scenario.F, 64, "read", 0, 10, repeats(990, 1010, 1000), repeats(50, 50, 50), repeats(6200, 2800, 2850));
        cell(Scenario.D, 64, "write", 0, 10, repeats(1000, 1000, 1000), repeats(50, 50, 50), repeats(2900, 2900, 2900));
        cell(Scenario.F, 64, "write", 0, 10, repeats(990, 1010, 980), repeats(50, 50, 50), repeats(2800, 3000, 3100));

        assertThat(goal("agent via PgBouncer TPS vs hikari via PgBouncer (read, 64 threads)").status())
                .isEqualTo(Goal.Status.PASS);
        assertThat(goal("agent via PgBouncer max latency vs hikari via PgBouncer (read, 64 threads)").status())
                .isEqualTo(Goal.Status.PASS);  // one slow repeat does not decide: the median is 2850 ms
        Goal writeTps = goal("agent via PgBouncer TPS vs hikari via PgBouncer (write, 64 threads)");
        assertThat(writeTps.status()).isEqualTo(Goal.Status.MISS);  // 0.99x: the bound is now 1.0x
        assertThat(writeTps.target()).isEqualTo(">= 1.0x");
        Goal writeMax = goal("agent via PgBouncer max latency vs hikari via PgBouncer (write, 64 threads)");
        assertThat(writeMax.status()).isEqualTo(Goal.Status.MISS);
        assertThat(writeMax.measured()).isEqualTo("1.03x");
    }

    @Test
    void holdWithTheAgentMustBeatHoldWithoutByHalfAgainAtTwoHundredFiftySixThreadsOnFifteenServers() {
        cell(Scenario.H, 256, "read", 0, 256, 1000, 1000, 1000);
        cell(Scenario.I, 256, "read", 0, 15, 1500, 1400, 1600);  // median 1500: 1.50x
        cell(Scenario.H, 256, "write", 0, 256, 1000, 1000, 1000);
        cell(Scenario.I, 256, "write", 0, 16, 2000, 2000, 2000);

        Goal read = goal("agent hold direct TPS vs hold direct (read, 256 threads), server connections");
        assertThat(read.status()).isEqualTo(Goal.Status.PASS);
        assertThat(read.measured()).isEqualTo("1.50x, 15 servers");
        Goal write = goal("agent hold direct TPS vs hold direct (write, 256 threads), server connections");
        assertThat(write.status()).isEqualTo(Goal.Status.MISS);  // twice as fast, but on 16 server connections
        assertThat(write.target()).isEqualTo(">= 1.5x with <= 15 servers");
    }

    @Test
    void holdGoalsAreNotMeasuredInAQuickRunThatHasNoTwoHundredFiftySixThreadCells() {
        cell(Scenario.H, "read", 0, 64, 1000, 1000, 1000);
        cell(Scenario.I, "read", 0, 10, 2000, 2000, 2000);

        Goal goal = goal("agent hold direct TPS vs hold direct (read, 256 threads), server connections");
        assertThat(goal.status()).isEqualTo(Goal.Status.NOT_MEASURED);
        assertThat(goal.measured()).contains("(--quick)");
    }

    @Test
    void theHeadlineRatiosIncludeTheNewRowsAndMaxLatency() {
        cell(Scenario.D, 64, "read", 0, 10, repeats(1000, 1000, 1000), repeats(50, 50, 50), repeats(100, 100, 100));
        cell(Scenario.F, 64, "read", 0, 10, repeats(1000, 1000, 1000), repeats(50, 50, 50), repeats(300, 200, 250));

        Ratio max = Goals.headline(results(null)).stream()
                .filter(r -> r.name().startsWith("max f/d") && r.mode().equals("read")).findFirst().orElseThrow();
        assertThat(max.formatted()).isEqualTo("2.50x");
    }

    @Test
    void readOnlyTransactionsWithOneStandbyMustReachOnePointSixTimesThePrimaryAloneAtSixtyFourThreads() {
        cell(Scenario.K, "read", 0, 10, 1000, 1000, 1000);
        standbyCell(0, 8, 1700, 1500, 1650);  // median 1650: 1.65x

        Goal goal = goal("read-only TPS with one standby vs primary only (read, 64 threads)");
        assertThat(goal.status()).isEqualTo(Goal.Status.PASS);
        assertThat(goal.target()).isEqualTo(">= 1.6x");
        assertThat(goal.measured()).isEqualTo("1.65x, standby peak 8 servers");
        Ratio ratio = Goals.headline(results(null)).stream()
                .filter(r -> r.name().startsWith("TPS l/k") && r.threads() == 64).findFirst().orElseThrow();
        assertThat(ratio.formatted()).isEqualTo("1.65x");
    }

    @Test
    void readOnlyTransactionsWithOneStandbyBelowOnePointSixTimesMissTheGoal() {
        cell(Scenario.K, "read", 0, 10, 1000, 1000, 1000);
        standbyCell(0, 8, 1590, 1500, 1700);  // median 1590

        assertThat(goal("read-only TPS with one standby vs primary only (read, 64 threads)").status())
                .isEqualTo(Goal.Status.MISS);
    }

    @Test
    void aStandbyRunWhoseReadsNeverReachedTheStandbyMeetsNoGoal() {
        cell(Scenario.K, "read", 0, 10, 1000, 1000, 1000);
        standbyCell(0, 0, 2000, 2000, 2000);

        Goal goal = goal("read-only TPS with one standby vs primary only (read, 64 threads)");
        assertThat(goal.status()).isEqualTo(Goal.Status.MISS);
        assertThat(goal.measured()).isEqualTo("2.00x, standby peak 0 servers");
    }

    @Test
    void theStandbyGoalIsNotMeasuredWithoutBothReadOnlyScenarios() {
        cell(Scenario.K, "read", 0, 10, 1000, 1000, 1000);

        assertThat(goal("read-only TPS with one standby vs primary only (read, 64 threads)").status())
                .isEqualTo(Goal.Status.NOT_MEASURED);
    }

    @Test
    void theReadOnlyScenariosRunInReadModeOnly() {
        assertThat(Scenario.K.runsIn("read")).isTrue();
        assertThat(Scenario.L.runsIn("write")).isFalse();
        assertThat(Scenario.E.runsIn("write")).isTrue();
        assertThat(Scenario.L.label()).isEqualTo("l agent drivermanager read-only direct+standby");
        assertThat(Scenario.E.label()).isEqualTo("e agent drivermanager direct");
    }

    private Goal idleGoal(IdleConnectionsMeasurement.Result idle) {
        return Goals.evaluate(results(idle)).stream().filter(g -> g.name().contains("idle logical connections"))
                .findFirst().orElseThrow();
    }

    private Goal goal(String name) {
        return Goals.evaluate(results(null)).stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no goal named " + name));
    }

    private BenchResults results(IdleConnectionsMeasurement.Result idle) {
        return new BenchResults(settings, Map.of(), cells, runs, null, "not run", idle, "not run", List.of(),
                "not run", 1);
    }

    private void cell(Scenario scenario, String mode, long errors, int servers, double... tps) {
        cell(scenario, 64, mode, errors, servers, tps);
    }

    private void cell(Scenario scenario, int threads, String mode, long errors, int servers, double... tps) {
        double[] latencies = new double[tps.length];
        Arrays.fill(latencies, 10);
        cell(scenario, threads, mode, errors, servers, tps, latencies, latencies);
    }

    /** Runs of one cell: TPS, p99 and max latency of each repeat. */
    private void cell(Scenario scenario, int threads, String mode, long errors, int servers, double[] tps,
                      double[] p99Ms, double[] maxMs) {
        Cell cell = new Cell(scenario, threads, mode);
        List<RunMeasurement> runs = new ArrayList<>();
        for (int i = 0; i < tps.length; i++) {
            runs.add(new RunMeasurement(cell, i + 1, tps[i], 1, p99Ms[i], maxMs[i], (long) tps[i], i == 0 ? errors : 0,
                    servers, 50, 100, LatencyBins.empty(), null));
        }
        cells.put(cell, CellSummary.of(cell, runs));
    }

    /** Runs of scenario l at 64 threads in read mode, each with that peak of standby backends. */
    private void standbyCell(long errors, int standbyServers, double... tps) {
        Cell cell = new Cell(Scenario.L, 64, "read");
        List<RunMeasurement> cellRuns = new ArrayList<>();
        for (int i = 0; i < tps.length; i++) {
            cellRuns.add(new RunMeasurement(cell, i + 1, tps[i], 1, 10, 10, (long) tps[i], i == 0 ? errors : 0, 10, 50,
                    100, LatencyBins.empty(), null, standbyServers));
        }
        runs.addAll(cellRuns);
        cells.put(cell, CellSummary.of(cell, cellRuns));
    }

    private static double[] repeats(double... values) {
        return values;
    }
}

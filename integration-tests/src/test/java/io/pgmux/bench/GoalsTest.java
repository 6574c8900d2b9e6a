package io.pgmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goals are judged from medians as the issue states them; nothing here reaches a database. */
class GoalsTest {
    private final BenchSettings settings = BenchSettings.quick(List.of(Scenario.values()));
    private final Map<Cell, CellSummary> cells = new HashMap<>();

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

    private Goal idleGoal(IdleConnectionsMeasurement.Result idle) {
        return Goals.evaluate(results(idle)).stream().filter(g -> g.name().contains("idle logical connections"))
                .findFirst().orElseThrow();
    }

    private Goal goal(String name) {
        return Goals.evaluate(results(null)).stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no goal named " + name));
    }

    private BenchResults results(IdleConnectionsMeasurement.Result idle) {
        return new BenchResults(settings, Map.of(), cells, List.of(), null, "not run", idle, "not run", List.of(),
                "not run", 1);
    }

    private void cell(Scenario scenario, String mode, long errors, int servers, double... tps) {
        Cell cell = new Cell(scenario, 64, mode);
        List<RunMeasurement> runs = new ArrayList<>();
        for (int i = 0; i < tps.length; i++) {
            runs.add(new RunMeasurement(cell, i + 1, tps[i], 1, 10, (long) tps[i], i == 0 ? errors : 0, servers, 50, 100,
                    null));
        }
        cells.put(cell, CellSummary.of(cell, runs));
    }
}

package io.pgmux.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark invocation measured. The extra measurements are null where they were not taken, with
 * the reason in the matching {@code ...Skipped} field.
 */
record BenchResults(BenchSettings settings, Map<String, String> machine, Map<Cell, CellSummary> cells,
                    List<RunMeasurement> runs, StartupProbe.Result startup, String startupSkipped,
                    IdleConnectionsMeasurement.Result idle, String idleSkipped,
                    List<JmhOverhead.Row> jmh, String jmhSkipped, double wallSeconds) {

    CellSummary cell(Scenario scenario, int threads, String mode) {
        return cells.get(new Cell(scenario, threads, mode));
    }
}

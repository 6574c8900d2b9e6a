package io.pgmux.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The repeats of one cell, summarised: median and range of each figure, all errors, failed runs, and the latencies
 * of all measured requests of all repeats.
 */
record CellSummary(Cell cell, Spread tps, Spread p50Ms, Spread p99Ms, Spread maxMs, long errors, Spread peakServers,
                   Spread peakHeapMb, Spread peakRssMb, List<String> failures, LatencyBins latencies) {

    static CellSummary of(Cell cell, List<RunMeasurement> runs) {
        List<RunMeasurement> measured = runs.stream().filter(run -> !run.failed()).toList();
        return new CellSummary(cell,
                spread(measured, RunMeasurement::tps),
                spread(measured, RunMeasurement::p50Ms),
                spread(measured, RunMeasurement::p99Ms),
                spread(measured, RunMeasurement::maxMs),
                measured.stream().mapToLong(RunMeasurement::errors).sum(),
                spread(measured.stream().filter(run -> run.peakServerConnections() >= 0).toList(),
                        RunMeasurement::peakServerConnections),
                spread(measured, RunMeasurement::peakHeapMb),
                spread(measured, RunMeasurement::peakRssMb),
                runs.stream().filter(RunMeasurement::failed).map(run -> "repeat " + run.repeat() + ": " + run.failure())
                        .toList(),
                measured.stream().map(RunMeasurement::latencies).reduce(LatencyBins.empty(), LatencyBins::plus));
    }

    private static Spread spread(List<RunMeasurement> runs, ToDoubleFunction<RunMeasurement> figure) {
        return Spread.of(runs.stream().mapToDouble(figure).filter(value -> !Double.isNaN(value)).boxed().toList());
    }

    /** The most server connections any repeat of this cell made PostgreSQL see; -1 where none was measured. */
    int maxPeakServers() {
        return peakServers.count() == 0 ? -1 : (int) peakServers.max();
    }
}

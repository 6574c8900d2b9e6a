package io.pgmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report shows max latency next to TPS and p99, and the latency histograms; nothing here reaches a database. */
class ReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private final BenchSettings settings = BenchSettings.quick(List.of(Scenario.H, Scenario.I));
    private final BenchResults results = results();

    @Test
    void everyTableShowsTheMaxLatencyNextToTheP99() {
        String markdown = Report.markdown(results, Goals.headline(results), Goals.evaluate(results));

        assertThat(Report.overview(results))
                .contains("| TPS | p50 ms | p99 ms | max ms |")
                .contains("| i agent hold direct | 64 | read | 2000 (2000-2000) | 1.00 (1.00-1.00) | 4.00 (4.00-4.00)"
                        + " | 3001.0 (3001.0-3001.0) |");
        assertThat(markdown).contains("## h) hold (a connection per thread, kept), no agent, straight to PostgreSQL")
                .contains("| threads | mode | TPS | p50 ms | p99 ms | max ms |");
    }

    @Test
    void theJsonHoldsEachRunsMaxAndEachCellsLatencyHistogram() {
        String json = Report.json(results, Goals.headline(results), Goals.evaluate(results));

        assertThat(json).contains("\"max_ms\":3001.000")
                .contains("{\"scenario\":\"i\",\"threads\":64,\"mode\":\"read\",\"requests\":100,\"bins_ms\":[[0.1,99],[2512,1]]}");
    }

    @Test
    void writesTheThroughputChartAndTheLatencyHistogramChart(@TempDir Path directory) throws Exception {
        Path chart = directory.resolve("chart.png");
        Path latency = directory.resolve("latency.png");

        Chart.write(results, chart);
        LatencyChart.write(results, latency);

        assertThat(Files.readAllBytes(chart)).startsWith(PNG_SIGNATURE);
        assertThat(Files.readAllBytes(latency)).startsWith(PNG_SIGNATURE);
    }

    @Test
    void theReadOnlyScenariosHaveReadRowsOnlyAndTheStandbysPeakServersBesideTheTable() {
        BenchSettings standbySettings = BenchSettings.quick(List.of(Scenario.K, Scenario.L));
        Map<Cell, CellSummary> cells = new LinkedHashMap<>();
        List<RunMeasurement> runs = new ArrayList<>();
        for (Scenario scenario : standbySettings.scenarios()) {
            Cell cell = new Cell(scenario, 64, "read");
            RunMeasurement run = new RunMeasurement(cell, 1, scenario.standby ? 1500 : 1000, 1, 4, 30, 100, 0, 12, 50,
                    100, LatencyBins.empty(), null, scenario.standby ? 9 : -1);
            runs.add(run);
            cells.put(cell, CellSummary.of(cell, List.of(run)));
        }
        BenchResults standbyResults = new BenchResults(standbySettings, Map.of(), cells, runs, null, "not run", null,
                "not run", null, "not run", 1);

        String markdown = Report.markdown(standbyResults, Goals.headline(standbyResults), Goals.evaluate(standbyResults));

        assertThat(Report.overview(standbyResults)).contains("| l agent drivermanager read-only direct+standby | 64 | read |")
                .doesNotContain("write");
        assertThat(markdown).contains("Peak client backends of the database on the standby, sampled every 20 ms: 64"
                        + " read: 9 (9-9).")
                .contains("| TPS l/k (read-only, with a standby vs primary only) | 64 | read | 1.50x |");
        assertThat(Report.json(standbyResults, List.of(), List.of())).contains("\"peak_standby_server_connections\":9");
    }

    private BenchResults results() {
        Map<Cell, CellSummary> cells = new LinkedHashMap<>();
        List<RunMeasurement> runs = new ArrayList<>();
        for (String mode : settings.modes()) {
            for (Scenario scenario : settings.scenarios()) {
                Cell cell = new Cell(scenario, 64, mode);
                // 99 requests of about 0.1 ms and one of 3 s, as a reserve timeout would make
                LatencyBins latencies = LatencyBins.fromBuckets(new long[][] {{100, 99}, {3_000_000, 1}});
                RunMeasurement run = new RunMeasurement(cell, 1, scenario.agent ? 2000 : 1000, 1, 4, 3001, 100, 0,
                        scenario.agent ? 12 : 64, 50, 100, latencies, null);
                runs.add(run);
                cells.put(cell, CellSummary.of(cell, List.of(run)));
            }
        }
        return new BenchResults(settings, Map.of("cores", "2"), cells, runs, null, "not run", null, "not run", null,
                "not run", 1);
    }
}

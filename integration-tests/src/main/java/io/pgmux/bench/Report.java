package io.pgmux.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report in Markdown (tables per scenario, headline ratios, goals) and JSON. */
final class Report {

    private Report() {
    }

    static String markdown(BenchResults results, List<Ratio> ratios, List<Goal> goals) {
        BenchSettings settings = results.settings();
        StringBuilder md = new StringBuilder("# pgmux benchmark").append(settings.quick() ? " (quick)" : "").append("\n\n");
        for (Map.Entry<String, String> fact : results.machine().entrySet()) {
            md.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- runs: %s s measured after %s s of warm-up (the same load, not counted), %d"
                        + " repeats per cell, interleaved; pgmux and app pool size %d, reserve %d; pgbench scale %d;"
                        + " wall time %.0f s%n",
                seconds(settings.runSeconds()), seconds(settings.warmupSeconds()), settings.repeats(), settings.poolSize(), settings.poolReserve(),
                settings.scale(), results.wallSeconds()));
        md.append("- figures: median (min-max) over the repeats. Max: the slowest measured request of a run. Latency"
                + " histograms (latency.png, and report.json for every cell): all measured requests of all repeats."
                + " Peak servers: most client backends of the database in"
                + " pg_stat_activity, sampled every 20 ms. Peak heap: most heap in use in the app's GC log (before each"
                + " collection, and at exit; -Xmx1g, G1). Peak RSS: VmHWM of the app's process.\n\n");

        md.append("## Goals\n\n| goal | target | measured | result |\n|---|---|---|---|\n");
        for (Goal goal : goals) {
            md.append("| ").append(goal.name()).append(" | ").append(goal.target()).append(" | ").append(goal.measured())
                    .append(" | ").append(goal.status() == Goal.Status.NOT_MEASURED ? "not measured" : goal.status())
                    .append(" |\n");
        }

        md.append("\n## Headline ratios (medians)\n\n| ratio | threads | mode | value |\n|---|---|---|---|\n");
        for (Ratio ratio : ratios) {
            md.append("| ").append(ratio.name()).append(" | ").append(ratio.threads()).append(" | ").append(ratio.mode())
                    .append(" | ").append(ratio.formatted()).append(" |\n");
        }

        md.append("\n## All cells\n\n").append(overview(results));

        for (Scenario scenario : settings.scenarios()) {
            md.append("\n## ").append(scenario.letter()).append(") ").append(scenario.description).append("\n\n");
            md.append("| threads | mode | TPS | p50 ms | p99 ms | max ms | errors | peak servers | peak heap MB | peak RSS MB |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (int threads : settings.threadCounts()) {
                for (String mode : settings.modes()) {
                    if (!scenario.runsIn(mode)) {
                        continue;
                    }
                    CellSummary cell = results.cell(scenario, threads, mode);
                    md.append("| ").append(threads).append(" | ").append(mode).append(" | ").append(cell.tps().format(0))
                            .append(" | ").append(cell.p50Ms().format(2)).append(" | ").append(cell.p99Ms().format(2))
                            .append(" | ").append(cell.maxMs().format(1))
                            .append(" | ").append(cell.errors()).append(" | ").append(cell.peakServers().format(0))
                            .append(" | ").append(cell.peakHeapMb().format(0)).append(" | ")
                            .append(cell.peakRssMb().format(0)).append(" |\n");
                    for (String failure : cell.failures()) {
                        md.append("\nFailed run (").append(threads).append(' ').append(mode).append("): ")
                                .append(failure.replace('|', '/')).append("\n\n");
                    }
                }
            }
            if (scenario.standby) {
                md.append(standbyServers(results, scenario));
            }
        }

        md.append("\n## Start-up\n\n");
        if (results.startup() != null) {
            md.append(String.format(Locale.ROOT, "A JVM running an empty main: %s ms without the agent, %s ms with it;"
                            + " added (difference of medians): %.0f ms.%n",
                    results.startup().withoutAgentMs().format(0), results.startup().withAgentMs().format(0),
                    results.startup().addedMs()));
        } else {
            md.append("Not measured: ").append(results.startupSkipped()).append('\n');
        }
        md.append("\n## Idle logical connections\n\n");
        IdleConnectionsMeasurement.Result idle = results.idle();
        if (idle != null) {
            md.append(String.format(Locale.ROOT, "%d DriverManager connections left idle with the agent: %.1f MB of heap"
                            + " (used heap after full collections, minus the same after the first connection;"
                            + " %.0f bytes each). Pool MBeans while they idled: ClientsOpen %d, ServersActive %d (server"
                            + " connections held by logical connections). PostgreSQL backends meanwhile: %d, the pool's"
                            + " own idle connections (minIdle %d); peak %d.%n",
                    idle.connections(), idle.addedHeapMb(), idle.bytesPerConnection(), idle.clientsOpen(),
                    idle.serversActive(), idle.backendsWhileIdle(), idle.minIdle(), idle.peakBackends()));
        } else {
            md.append("Not measured: ").append(results.idleSkipped()).append('\n');
        }
        md.append("\n## Per-statement overhead (JMH, runtime)\n\n");
        if (results.jmh() != null) {
            md.append("| benchmark | connection | mode | score | error | unit |\n|---|---|---|---|---|---|\n");
            for (JmhOverhead.Row row : results.jmh()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %s |%n", row.benchmark(),
                        row.connection(), row.mode(), row.score(), row.error(), row.unit()));
            }
        } else {
            md.append("Not measured: ").append(results.jmhSkipped()).append('\n');
        }
        return md.toString();
    }

    /** The standby's backends, which the peak servers column (the primary's) does not count. */
    private static String standbyServers(BenchResults results, Scenario scenario) {
        StringBuilder md = new StringBuilder("\nPeak servers above counts the primary's backends only. Peak client"
                + " backends of the database on the standby, sampled every 20 ms:");
        for (int threads : results.settings().threadCounts()) {
            for (String mode : results.settings().modes()) {
                if (!scenario.runsIn(mode)) {
                    continue;
                }
                Spread peaks = Spread.of(results.runs().stream()
                        .filter(run -> run.cell().equals(new Cell(scenario, threads, mode)) && !run.failed()
                                && run.peakStandbyServerConnections() >= 0)
                        .map(run -> (double) run.peakStandbyServerConnections()).toList());
                md.append(' ').append(threads).append(' ').append(mode).append(": ").append(peaks.format(0)).append(';');
            }
        }
        md.setLength(md.length() - 1);
        return md.append(".\n").toString();
    }

    /** One line per cell: the table printed at the end of a run. */
    static String overview(BenchResults results) {
        StringBuilder md = new StringBuilder(
                "| scenario | threads | mode | TPS | p50 ms | p99 ms | max ms | errors | peak servers | peak heap MB |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (int threads : results.settings().threadCounts()) {
            for (String mode : results.settings().modes()) {
                for (Scenario scenario : results.settings().scenarios()) {
                    if (!scenario.runsIn(mode)) {
                        continue;
                    }
                    CellSummary cell = results.cell(scenario, threads, mode);
                    md.append("| ").append(scenario.label()).append(" | ").append(threads).append(" | ").append(mode)
                            .append(" | ").append(cell.tps().format(0)).append(" | ").append(cell.p50Ms().format(2))
                            .append(" | ").append(cell.p99Ms().format(2)).append(" | ").append(cell.maxMs().format(1))
                            .append(" | ").append(cell.errors())
                            .append(cell.failures().isEmpty() ? "" : " (" + cell.failures().size() + " runs failed)")
                            .append(" | ").append(cell.peakServers().format(0)).append(" | ")
                            .append(cell.peakHeapMb().format(0)).append(" |\n");
                }
            }
        }
        return md.toString();
    }

    /** 3 as "3", 1.5 as "1.5". */
    private static String seconds(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String json(BenchResults results, List<Ratio> ratios, List<Goal> goals) {
        Json json = new Json();
        json.open();
        json.field("quick", results.settings().quick());
        json.field("wall_seconds", results.wallSeconds());
        json.field("warmup_seconds", results.settings().warmupSeconds());
        json.field("run_seconds", results.settings().runSeconds());
        json.field("repeats", results.settings().repeats());
        json.field("pool_size", results.settings().poolSize());
        json.field("pool_reserve", results.settings().poolReserve());
        json.name("machine").open();
        results.machine().forEach(json::field);
        json.close();
        json.name("runs").openArray();
        for (RunMeasurement run : results.runs()) {
            json.open();
            json.field("scenario", run.cell().scenario().letter());
            json.field("style", run.cell().scenario().style);
            json.field("route", run.cell().scenario().route.name().toLowerCase(Locale.ROOT));
            json.field("agent", run.cell().scenario().agent);
            json.field("threads", run.cell().threads());
            json.field("mode", run.cell().mode());
            json.field("repeat", run.repeat());
            json.field("tps", run.tps());
            json.field("p50_ms", run.p50Ms());
            json.field("p99_ms", run.p99Ms());
            json.field("max_ms", run.maxMs());
            json.field("requests", run.requests());
            json.field("errors", run.errors());
            json.field("peak_server_connections", run.peakServerConnections());
            if (run.cell().scenario().standby) {
                json.field("peak_standby_server_connections", run.peakStandbyServerConnections());
            }
            json.field("peak_heap_mb", run.peakHeapMb());
            json.field("peak_rss_mb", run.peakRssMb());
            json.field("failure", run.failure());
            json.close();
        }
        json.closeArray();
        json.name("latency_histograms").openArray();
        for (CellSummary cell : results.cells().values()) {
            json.open();
            json.field("scenario", cell.cell().scenario().letter());
            json.field("threads", cell.cell().threads());
            json.field("mode", cell.cell().mode());
            json.field("requests", cell.latencies().total());
            // non-empty bins only: [where the bin starts in ms, requests]
            json.name("bins_ms").openArray();
            for (int bin = 0; bin < LatencyBins.BINS; bin++) {
                if (cell.latencies().count(bin) > 0) {
                    json.openArray();
                    json.value(LatencyBins.lowerMs(bin));
                    json.value(cell.latencies().count(bin));
                    json.closeArray();
                }
            }
            json.closeArray();
            json.close();
        }
        json.closeArray();
        json.name("ratios").openArray();
        for (Ratio ratio : ratios) {
            json.open();
            json.field("name", ratio.name());
            json.field("threads", ratio.threads());
            json.field("mode", ratio.mode());
            json.field("value", ratio.value());
            json.close();
        }
        json.closeArray();
        json.name("goals").openArray();
        for (Goal goal : goals) {
            json.open();
            json.field("name", goal.name());
            json.field("target", goal.target());
            json.field("measured", goal.measured());
            json.field("status", goal.status().name());
            json.close();
        }
        json.closeArray();
        if (results.startup() != null) {
            json.name("startup").open();
            json.field("without_agent_ms", results.startup().withoutAgentMs().median());
            json.field("with_agent_ms", results.startup().withAgentMs().median());
            json.field("added_ms", results.startup().addedMs());
            json.close();
        }
        if (results.idle() != null) {
            json.name("idle_connections").open();
            json.field("connections", results.idle().connections());
            json.field("added_heap_bytes", results.idle().addedHeapBytes());
            json.field("backends_while_idle", results.idle().backendsWhileIdle());
            json.field("min_idle", results.idle().minIdle());
            json.field("clients_open", results.idle().clientsOpen());
            json.field("servers_active", results.idle().serversActive());
            json.close();
        }
        if (results.jmh() != null) {
            json.name("jmh").openArray();
            for (JmhOverhead.Row row : results.jmh()) {
                json.open();
                json.field("benchmark", row.benchmark());
                json.field("mode", row.mode());
                json.field("score", row.score());
                json.field("error", row.error());
                json.field("unit", row.unit());
                json.close();
            }
            json.closeArray();
        }
        json.close();
        return json.toString();
    }
}

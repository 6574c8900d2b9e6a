package io.pgmux.bench;

import io.pgmux.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the runtime's JMH benchmarks (per-statement cost against a bare pgjdbc connection) and reads their CSV. */
final class JmhOverhead {

    record Row(String benchmark, String connection, String mode, double score, double error, String unit) {
    }

    private static final long TIMEOUT_MINUTES = 20;

    private JmhOverhead() {
    }

    /** Runs them through the runtime's {@code jmh} Maven profile, against the benchmark's own PostgreSQL. */
    static List<Row> run(Path projectRoot, TestDatabase database, Path workDirectory)
            throws IOException, InterruptedException {
        Path csv = workDirectory.resolve("jmh.csv").toAbsolutePath();
        Path output = workDirectory.resolve("jmh.out");
        Files.deleteIfExists(csv);
        List<String> command = List.of("mvn", "-q", "-B", "-Pjmh", "-pl", "runtime", "test-compile", "exec:exec",
                "-Dpgmux.bench.url=" + database.jdbcUrl(), "-Dpgmux.bench.user=" + database.user(),
                "-Dpgmux.bench.password=" + database.password(),
                "-Djmh.args=io.pgmux.bench -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff " + csv);
        Process process = ChildProcesses.track(new ProcessBuilder(command).directory(projectRoot.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start());
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.exists(csv)) {
                throw new IllegalStateException("The runtime's JMH benchmarks failed or ran over " + TIMEOUT_MINUTES
                        + " min; see " + output + ": " + SampleAppRunner.tail(output));
            }
        } finally {
            ChildProcesses.destroy(process);
        }
        List<String> lines = Files.readAllLines(csv);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = csvCells(line);
            // Benchmark, Mode, Threads, Samples, Score, Score Error (99.9%), Unit, then parameters
            // the benchmark's one parameter says which connection ran it: bare pgjdbc or a pgmux logical one
            String connection = cells.size() > 7 ? cells.get(7) : "";
            rows.add(new Row(cells.get(0), connection, cells.get(1), parse(cells.get(4)), parse(cells.get(5)),
                    cells.get(6)));
        }
        return rows;
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}

package io.pgmux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the most heap a child JVM had in use from its GC log ({@code -Xlog:gc,gc+heap+exit}): the occupancy
 * before each collection, where heap use peaks, and the occupancy at exit for runs that ended before any collection.
 */
final class HeapLog {

    private static final Pattern BEFORE_COLLECTION = Pattern.compile("\\) (\\d+)M->\\d+M\\(\\d+M\\)");
    private static final Pattern AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private HeapLog() {
    }

    /** The JVM options that write the log this class reads. */
    static String option(Path log) {
        return "-Xlog:gc,gc+heap+exit:file=" + log.toAbsolutePath();
    }

    /** Peak heap in use in MB, NaN where the log holds no figure (the JVM was killed before it wrote one). */
    static double peakMb(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return Double.NaN;
        }
        double peak = Double.NaN;
        for (String line : lines) {
            Matcher before = BEFORE_COLLECTION.matcher(line);
            if (before.find()) {
                peak = max(peak, Double.parseDouble(before.group(1)));
            }
            Matcher exit = AT_EXIT.matcher(line);
            if (exit.find()) {
                peak = max(peak, Double.parseDouble(exit.group(1)) / 1024);
            }
        }
        return peak;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Math.max(a, b);
    }
}

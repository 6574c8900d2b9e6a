package io.pgmux.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median and range of repeated measurements. */
record Spread(double median, double min, double max, int count) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    /** "1234 (1100-1300)" with the given number of decimals. */
    String format(int decimals) {
        if (count == 0) {
            return "n/a";
        }
        String pattern = "%." + decimals + "f";
        return String.format(Locale.ROOT, pattern + " (" + pattern + "-" + pattern + ")", median, min, max);
    }
}

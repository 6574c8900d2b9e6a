package io.pgmux.bench;

import java.util.Locale;

/** A headline ratio of median figures of two scenarios in the same cell (threads, mode). */
record Ratio(String name, int threads, String mode, double value) {

    static Ratio of(String name, int threads, String mode, CellSummary numerator, CellSummary denominator,
                    boolean latency) {
        if (numerator == null || denominator == null) {
            return new Ratio(name, threads, mode, Double.NaN);
        }
        double top = latency ? numerator.p99Ms().median() : numerator.tps().median();
        double bottom = latency ? denominator.p99Ms().median() : denominator.tps().median();
        return new Ratio(name, threads, mode, bottom > 0 ? top / bottom : Double.NaN);
    }

    String formatted() {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
    }
}

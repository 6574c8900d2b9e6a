package io.pgmux.bench;

import java.util.Locale;

/** A headline ratio of median figures of two scenarios in the same cell (threads, mode). */
record Ratio(String name, int threads, String mode, double value) {

    /** Which median of the two cells the ratio divides. */
    enum Figure {
        TPS, P99, MAX;

        double median(CellSummary cell) {
            return switch (this) {
                case TPS -> cell.tps().median();
                case P99 -> cell.p99Ms().median();
                case MAX -> cell.maxMs().median();
            };
        }
    }

    static Ratio of(String name, int threads, String mode, CellSummary numerator, CellSummary denominator,
                    Figure figure) {
        if (numerator == null || denominator == null) {
            return new Ratio(name, threads, mode, Double.NaN);
        }
        double top = figure.median(numerator);
        double bottom = figure.median(denominator);
        return new Ratio(name, threads, mode, bottom > 0 ? top / bottom : Double.NaN);
    }

    String formatted() {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
    }
}

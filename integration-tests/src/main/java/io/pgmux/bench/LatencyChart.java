package io.pgmux.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG of the latency histogram of each scenario at 64 threads, read above write: the share of requests per
 * latency bin, both axes logarithmic, so that a tail of a few percent (a timeout's plateau) stands out.
 */
final class LatencyChart {

    static final int THREADS = 64;
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1000;

    private static final Color[] PALETTE = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f), new Color(0xe15759), new Color(0x76b7b2),
        new Color(0xedc948), new Color(0xb07aa1), new Color(0x9c755f), new Color(0xff9da7), new Color(0x000000)};

    private LatencyChart() {
    }

    static void write(BenchResults results, Path png) throws IOException {
        List<Integer> threadCounts = results.settings().threadCounts();
        int threads = threadCounts.contains(THREADS) ? THREADS : threadCounts.get(0);
        LogAxis latency = decades(new LogAxis("latency (ms), bins of 10^0.1"), "#,##0.###");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(latency);
        boolean first = true;
        for (String mode : results.settings().modes()) {
            LogAxis share = decades(new LogAxis(mode + ": % of requests"), "0.#####");
            plot.add(new XYPlot(histograms(results, threads, mode), null, share, renderer(first)), 1);
            first = false;
        }
        JFreeChart chart = new JFreeChart("pgmux benchmark: latency histograms at " + threads + " threads"
                + (results.settings().quick() ? " (quick)" : "") + ", all repeats", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Ticks at powers of ten, labelled as plain numbers. */
    private static LogAxis decades(LogAxis axis, String format) {
        axis.setTickUnit(new NumberTickUnit(1), false, true);
        axis.setNumberFormatOverride(new DecimalFormat(format));
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    /** One series per scenario, in the same order in every mode; empty bins are gaps in the line. */
    private static XYSeriesCollection histograms(BenchResults results, int threads, String mode) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Scenario scenario : results.settings().scenarios()) {
            XYSeries series = new XYSeries(scenario.label());
            CellSummary cell = results.cell(scenario, threads, mode);
            LatencyBins latencies = cell == null ? LatencyBins.empty() : cell.latencies();
            long total = latencies.total();
            int first = 0;
            int last = LatencyBins.BINS - 1;
            while (first <= last && latencies.count(first) == 0) {
                first++;
            }
            while (last >= first && latencies.count(last) == 0) {
                last--;
            }
            for (int bin = first; bin <= last; bin++) {
                long count = latencies.count(bin);
                // plotted at the bin's geometric middle
                double middle = LatencyBins.lowerMs(bin) * Math.pow(10, 0.5 / LatencyBins.PER_DECADE);
                series.add(middle, count == 0 ? null : 100.0 * count / total);
            }
            dataset.addSeries(series);
        }
        return dataset;
    }

    /** Every plot colours a scenario alike; the legend lists it once. */
    private static XYLineAndShapeRenderer renderer(boolean inLegend) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
        for (int series = 0; series < Scenario.values().length; series++) {
            renderer.setSeriesPaint(series, PALETTE[series % PALETTE.length]);
            renderer.setSeriesShape(series, shapes[series % shapes.length]);
            renderer.setSeriesStroke(series, new BasicStroke(1.5f));
        }
        return renderer;
    }
}

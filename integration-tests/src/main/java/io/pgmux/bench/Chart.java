package io.pgmux.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** A PNG of median TPS and peak server connections per scenario, one bar per thread count and mode. */
final class Chart {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;

    private static final Color[] PALETTE = {
        new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f), new Color(0xe15759),
        new Color(0x76b7b2), new Color(0xedc948), new Color(0xb07aa1), new Color(0x9c755f)};

    private Chart() {
    }

    static void write(BenchResults results, Path png) throws IOException {
        DefaultCategoryDataset tps = new DefaultCategoryDataset();
        DefaultCategoryDataset servers = new DefaultCategoryDataset();
        for (Scenario scenario : results.settings().scenarios()) {
            for (int threads : results.settings().threadCounts()) {
                for (String mode : results.settings().modes()) {
                    if (!scenario.runsIn(mode)) {
                        continue;
                    }
                    CellSummary cell = results.cell(scenario, threads, mode);
                    String series = mode + ' ' + threads + " threads";
                    tps.addValue(orNull(cell.tps().median()), series, scenario.label());
                    servers.addValue(cell.maxPeakServers() < 0 ? null : cell.peakServers().median(), series,
                            scenario.label());
                }
            }
        }
        CategoryAxis scenarios = new CategoryAxis("scenario");
        scenarios.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(scenarios);
        plot.add(new CategoryPlot(tps, null, new NumberAxis("TPS (median)"), renderer(true)), 3);
        plot.add(new CategoryPlot(servers, null, new NumberAxis("peak server connections (median)"), renderer(false)), 2);
        JFreeChart chart = new JFreeChart("pgmux benchmark" + (results.settings().quick() ? " (quick)" : ""),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Both plots colour a series alike; the legend lists it once. */
    private static BarRenderer renderer(boolean inLegend) {
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        for (int series = 0; series < PALETTE.length; series++) {
            renderer.setSeriesPaint(series, PALETTE[series]);
        }
        return renderer;
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}

package dev.assay.sim;

import java.util.List;
import java.util.Locale;

/**
 * A dependency-free SVG line plot of mean prediction error against experiments run, one line per strategy,
 * with the target error dashed. The x axis is logarithmic (experiments + 1) when the runs span more than
 * two decades, so the fast learners' early curve stays readable beside long exhaustive sweeps.
 */
final class CurvePlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    static final int LEFT = 80;
    static final int RIGHT = 170;
    static final int TOP = 50;
    static final int BOTTOM = 70;
    static final List<String> COLOURS = List.of("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b");

    private CurvePlot() {
    }

    static String svg(BenchResult r) {
        int maxX = 1;
        double maxY = r.options().targetError();
        for (var s : r.strategies().values()) {
            for (var p : s.curve()) {
                maxX = Math.max(maxX, p.experiments());
                maxY = Math.max(maxY, p.error());
            }
        }
        maxY = Math.ceil(maxY * 10) / 10.0;
        boolean log = maxX > 200;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        final int fMaxX = maxX;
        final double fMaxY = maxY;
        java.util.function.DoubleUnaryOperator x = v -> LEFT + plotW * (log ? Math.log10(v + 1) / Math.log10(fMaxX + 1) : v / fMaxX);
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotH * (1 - v / fMaxY);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"16\" font-weight=\"bold\">Mean blast-radius prediction error vs experiments: %s (%d seed%s)</text>%n",
                LEFT, escape(r.topology()), r.options().seeds(), r.options().seeds() == 1 ? "" : "s"));
        // axes and grid
        for (int i = 0; i <= 5; i++) {
            double v = fMaxY * i / 5;
            double py = y.applyAsDouble(v);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, LEFT + plotW, py));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT - 8, py + 4, v));
        }
        for (double tick : xTicks(maxX, log)) {
            double px = x.applyAsDouble(tick);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>%n", px, TOP, px, TOP + plotH));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n", px, TOP + plotH + 18, (long) tick));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">experiments run%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 25, log ? " (log scale)" : ""));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(22,%.1f) rotate(-90)\" text-anchor=\"middle\">mean error (1 - Jaccard)</text>%n", TOP + plotH / 2));
        double ty = y.applyAsDouble(r.options().targetError());
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"6,4\"/>%n", LEFT, ty, LEFT + plotW, ty));
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">target %.2f</text>%n", LEFT + plotW + 6, ty + 4, r.options().targetError()));
        int i = 0;
        for (var e : r.strategies().entrySet()) {
            String colour = COLOURS.get(i % COLOURS.size());
            StringBuilder points = new StringBuilder();
            for (var p : e.getValue().curve()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(p.experiments()), y.applyAsDouble(p.error())));
            }
            b.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"%s\"><title>%s</title></polyline>%n",
                    colour, points.toString().trim(), escape(e.getKey())));
            double ly = TOP + 20 + 24 * i;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    LEFT + plotW + 10, ly + 20, LEFT + plotW + 34, ly + 20, colour));
            String reached = e.getValue().experimentsToTarget().map(n -> " (" + n + ")").orElse("");
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>%n", LEFT + plotW + 40, ly + 24, escape(e.getKey()), reached));
            i++;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static List<Double> xTicks(int maxX, boolean log) {
        List<Double> ticks = new java.util.ArrayList<>();
        if (log) {
            for (double t : new double[] {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000}) {
                if (t <= maxX) ticks.add(t);
            }
            return ticks;
        }
        double step = Math.pow(10, Math.floor(Math.log10(Math.max(1, maxX / 5.0))));
        if (maxX / step > 10) step *= 2;
        if (maxX / step > 10) step *= 2.5;
        for (double t = 0; t <= maxX + 1e-9; t += step) ticks.add(t);
        return ticks;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

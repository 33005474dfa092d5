package dev.tinyforge.search.report;

import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.search.RealGraphs;
import dev.tinyforge.search.Stage1Chart;
import dev.tinyforge.search.Stage1Result;
import dev.tinyforge.target.Target;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code DIR/report.html}: one self-contained page a person opens after a search. Stage 1's MAC
 * distributions per cell (the PNG, inlined) and the chosen cell; the candidates' accuracy against
 * latency, coloured by peak SRAM, with the Pareto front and the winner marked; the winner's live memory
 * layer by layer against the board's SRAM; and the search history (every evaluation and the best so
 * far). Inline SVG and one inlined PNG, no script, no external file: it can be mailed or archived as it is.
 */
public final class SearchReport {
    private SearchReport() {
    }

    /**
     * One evaluated candidate.
     *
     * @param latencyMs predicted or measured latency, or NaN when there is no latency model for the board
     */
    public record Candidate(int index, String name, double accuracy, double latencyMs, long sramBytes,
            long flashBytes, long macs) {
    }

    /** The winner's memory: per layer, the bytes live while it runs, and its op's name. */
    public record LayerMemory(String label, long liveBytes) {
    }

    /**
     * @param stage1 the stage-1 result, or {@code null} when the cell was given
     * @param winner the index of the winning candidate in {@code candidates}
     * @param winnerLayers the winner's per-layer live memory (from its planned int8 graph)
     * @param summary lines shown at the top (accuracy, memory against the budget, latency, what ran)
     */
    public record Data(String title, String board, long sramBytes, long flashBytes, Stage1Result stage1,
            List<Candidate> candidates, int winner, List<LayerMemory> winnerLayers, long winnerArena,
            List<String> summary) {
        public Data {
            candidates = List.copyOf(candidates);
            winnerLayers = List.copyOf(winnerLayers);
            summary = List.copyOf(summary);
        }
    }

    /** A spec's live memory per layer and its arena, as the planner lays out its int8 graph on {@code target}. */
    public static List<LayerMemory> layers(ArchitectureSpec spec, Target target) {
        List<LayerMemory> out = new ArrayList<>();
        for (ModelPlan.Layer l : ModelPlan.of(RealGraphs.int8(spec), target).layers()) {
            out.add(new LayerMemory(l.kind() + " " + l.output(), l.liveBytes()));
        }
        return out;
    }

    public static String html(Data d) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(d.title())).append("</title>\n<style>body{font-family:sans-serif;max-width:820px;"
                        + "margin:24px auto;color:#222}h2{margin-top:32px;border-bottom:1px solid #ccc}table{border-collapse:"
                        + "collapse;font-size:13px}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.win{background:#fdecea}</style>\n</head><body>\n");
        b.append("<h1>").append(Html.escape(d.title())).append("</h1>\n<ul>\n");
        for (String s : d.summary()) {
            b.append("<li>").append(Html.escape(s)).append("</li>\n");
        }
        b.append("</ul>\n");
        if (d.stage1() != null) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            Stage1Chart.png(d.stage1(), png);
            b.append("<h2>Stage 1: the search space for ").append(Html.escape(d.board())).append("</h2>\n<p>Chosen cell: width ")
                    .append(d.stage1().chosen().width()).append(", resolution ").append(d.stage1().chosen().resolution())
                    .append(" (").append(String.format(Locale.ROOT, "%.0f%%", 100 * d.stage1().chosen().fitRatio()))
                    .append(" of its sub-networks fit; the highest mean MACs of those that do).</p>\n")
                    .append("<img alt=\"MAC distributions of the sub-networks that fit, per cell\" width=\"760\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\">\n");
        }
        b.append("<h2>Candidates</h2>\n").append(pareto(d));
        b.append("<h2>The winner's memory, layer by layer</h2>\n").append(memory(d));
        b.append("<h2>Search history</h2>\n").append(history(d));
        b.append("<h2>Best candidates</h2>\n").append(table(d));
        return b.append("</body></html>\n").toString();
    }

    /** Accuracy against latency (MACs when there is no latency), coloured by SRAM; front and winner marked. */
    private static String pareto(Data d) {
        boolean latency = d.candidates().stream().allMatch(c -> !Double.isNaN(c.latencyMs()));
        List<Candidate> cs = d.candidates();
        double xMax = cs.stream().mapToDouble(c -> cost(c, latency)).max().orElse(1) * 1.05;
        double yMin = Math.floor(cs.stream().mapToDouble(Candidate::accuracy).min().orElse(0) * 20) / 20;
        Svg s = new Svg("accuracy against " + (latency ? "latency" : "MACs") + " (colour: peak SRAM)",
                latency ? "latency, ms" : "MACs", 0, xMax, "validation accuracy", yMin, 1);
        long sramMax = cs.stream().mapToLong(Candidate::sramBytes).max().orElse(1);
        for (Candidate c : cs) {
            s.point(cost(c, latency), c.accuracy(), 4, colour(c.sramBytes(), Math.max(sramMax, 1)),
                    c.name() + ": " + pct(c.accuracy()) + ", " + kb(c.sramBytes()) + " SRAM");
        }
        List<Candidate> front = new ArrayList<>(cs);
        front.sort(Comparator.comparingDouble((Candidate c) -> cost(c, latency)).thenComparing(c -> -c.accuracy()));
        List<double[]> pts = new ArrayList<>();
        double best = -1;
        for (Candidate c : front) {
            if (c.accuracy() > best) {
                best = c.accuracy();
                pts.add(new double[] {cost(c, latency), c.accuracy()});
            }
        }
        s.polyline(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(), "#555");
        Candidate w = cs.get(d.winner());
        s.mark(cost(w, latency), w.accuracy(), "winner " + w.name());
        return s.toString();
    }

    private static String memory(Data d) {
        List<LayerMemory> ls = d.winnerLayers();
        long peak = ls.stream().mapToLong(LayerMemory::liveBytes).max().orElse(0);
        long top = Math.max(d.winnerArena(), peak);
        // the board's SRAM on the same scale would flatten a small network's bars: past 4x, it is named instead
        boolean sramShown = d.sramBytes() <= 4 * top;
        Svg s = new Svg("live activation memory per layer (red: the peak)" + (sramShown ? ""
                : "; the board's SRAM, " + kb(d.sramBytes()) + ", is " + Math.round((double) d.sramBytes() / top)
                        + "x the arena"), "layer", 0, Math.max(1, ls.size()), true, "bytes", 0,
                (sramShown ? Math.max(d.sramBytes(), top) : top) * 1.1);
        for (int i = 0; i < ls.size(); i++) {
            LayerMemory l = ls.get(i);
            s.bar(i, 1, l.liveBytes(), l.liveBytes() == peak ? "#c0392b" : "#2e86c1", l.label() + ": " + l.liveBytes() + " bytes");
        }
        s.level(d.winnerArena(), "#1e8449", "arena " + kb(d.winnerArena()));
        if (sramShown) {
            s.level(d.sramBytes(), "#7d3c98", "SRAM " + kb(d.sramBytes()));
        }
        return s.toString();
    }

    private static String history(Data d) {
        List<Candidate> cs = d.candidates();
        double yMin = Math.floor(cs.stream().mapToDouble(Candidate::accuracy).min().orElse(0) * 20) / 20;
        Svg s = new Svg("every evaluation, and the best so far", "evaluation", 0, Math.max(1, cs.size()), true,
                "validation accuracy", yMin, 1);
        double[] xs = new double[cs.size()];
        double[] ys = new double[cs.size()];
        double best = -1;
        for (int i = 0; i < cs.size(); i++) {
            Candidate c = cs.get(i);
            s.point(i + 1, c.accuracy(), 3, "#2e86c1", c.name() + ": " + pct(c.accuracy()));
            best = Math.max(best, c.accuracy());
            xs[i] = i + 1;
            ys[i] = best;
        }
        return s.polyline(xs, ys, "#c0392b").toString();
    }

    private static String table(Data d) {
        List<Candidate> sorted = new ArrayList<>(d.candidates());
        sorted.sort(Comparator.comparingDouble((Candidate c) -> -c.accuracy()).thenComparingInt(Candidate::index));
        StringBuilder b = new StringBuilder("<table><tr><th>candidate</th><th>accuracy</th><th>latency ms</th>"
                + "<th>peak SRAM</th><th>flash</th><th>MACs</th></tr>\n");
        for (Candidate c : sorted.subList(0, Math.min(10, sorted.size()))) {
            b.append(c.index() == d.candidates().get(d.winner()).index() ? "<tr class=\"win\">" : "<tr>")
                    .append("<td>").append(Html.escape(c.name())).append("</td><td>").append(pct(c.accuracy()))
                    .append("</td><td>").append(Double.isNaN(c.latencyMs()) ? "–"
                            : String.format(Locale.ROOT, "%.1f", c.latencyMs()))
                    .append("</td><td>").append(kb(c.sramBytes())).append("</td><td>").append(kb(c.flashBytes()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%,d", c.macs())).append("</td></tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static double cost(Candidate c, boolean latency) {
        return latency ? c.latencyMs() : c.macs();
    }

    /** Blue (little SRAM) to red (the most any candidate needs). */
    private static String colour(long bytes, long max) {
        double t = Math.min(1, (double) bytes / max);
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) (46 + t * (192 - 46)), (int) (134 - t * (134 - 57)),
                (int) (193 - t * (193 - 43)));
    }

    private static String pct(double a) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * a);
    }

    private static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}

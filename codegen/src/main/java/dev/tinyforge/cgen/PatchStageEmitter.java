package dev.tinyforge.cgen;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import dev.tinyforge.plan.TileRect;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Emits the patch stage of a {@link PatchPlan}: per patch, the model input's tile is cut out of the
 * full input, every stage op runs on tiles through its ordinary {@link CEmission} (a view of the
 * context in which tensors have their tile shapes and convolutions their tile padding), and the patch's
 * share of the stage output is pasted into the full tensor. Unrolled: one commented group of blocks
 * per patch, so each call keeps constant geometry like the unpatched layers.
 */
final class PatchStageEmitter {
    private PatchStageEmitter() {
    }

    /** The named constant for a tile buffer's arena offset. */
    static String tileOffsetName(String prefix, String buffer) {
        return (prefix + "_" + buffer).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    /** {@code #define}s of the stage's buffers and a comment table of the tiles of every patch. */
    static String defines(String prefix, Graph g, PatchPlan pp, String inputOffsetName) {
        StringBuilder c = new StringBuilder();
        c.append("\n/*\n * Patch stage: ops 0..").append(pp.ops() - 1).append(" run on ").append(pp.grid()).append('x')
                .append(pp.grid()).append(" patches of '").append(pp.stageOutput()).append("' (")
                .append(String.format(Locale.ROOT, "%.1f", pp.recomputeMacsPercent()))
                .append("% of the model's MACs recomputed in the overlaps);\n * stage buffers take ")
                .append(pp.stageArenaBytes()).append(" bytes of the arena. Tiles (rows [y0,y1) cols [x0,x1)):\n");
        for (PatchPlan.Patch p : pp.patches()) {
            c.append(" *   patch (").append(p.row()).append(", ").append(p.col()).append("):");
            for (String t : tensors(g, pp)) {
                TileRect r = p.tile(t);
                c.append(' ').append(t).append(" [").append(r.y0()).append(',').append(r.y1()).append(")x[")
                        .append(r.x0()).append(',').append(r.x1()).append(')');
            }
            c.append('\n');
        }
        c.append(" */\n#define ").append(inputOffsetName).append(' ').append(pp.inputOffset()).append(" /* ")
                .append(pp.input()).append(", ").append(g.tensor(pp.input()).sizeBytes())
                .append(" bytes, during the patch stage */\n");
        pp.tileOffsets().forEach((name, off) -> c.append("#define ").append(tileOffsetName(prefix, name)).append(' ')
                .append(off).append(" /* ").append(name).append(", ").append(pp.tileBytes().get(name))
                .append(" bytes */\n"));
        return c.toString();
    }

    private static java.util.List<String> tensors(Graph g, PatchPlan pp) {
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add(pp.input());
        for (Op op : g.ops().subList(0, pp.ops())) {
            names.add(op.output());
        }
        return names;
    }

    /**
     * Appends the stage to the invoke body; {@code full} names the arena expressions of the full input and
     * stage output. Returns the stage ops' calls, patch by patch.
     */
    static java.util.List<KernelCall> emit(EmitContext ctx, Graph g, PatchPlan pp, String prefix,
            Map<String, String> full) {
        java.util.List<KernelCall> calls = new java.util.ArrayList<>();
        ctx.use("tfg_copy_rect_s8");
        Tensor outFull = g.tensor(pp.stageOutput());
        Tensor inFull = g.tensor(pp.input());
        ctx.line("/* patch stage: ops 0.." + (pp.ops() - 1) + " on " + pp.grid() + "x" + pp.grid()
                + " patches, each writing its share of '" + pp.stageOutput() + "' " + shape(outFull) + " */");
        for (PatchPlan.Patch p : pp.patches()) {
            TileRect share = p.tile(pp.stageOutput());
            ctx.line("/* patch (" + p.row() + ", " + p.col() + "): '" + pp.stageOutput() + "' " + share + " */");
            Map<String, Tensor> shapes = new LinkedHashMap<>();
            Map<String, String> tiles = new LinkedHashMap<>();
            for (Map.Entry<String, TileRect> e : p.tiles().entrySet()) {
                Tensor t = g.tensor(e.getKey());
                shapes.put(t.name(), Tensor.activation(t.name(), new int[] {1, e.getValue().height(),
                    e.getValue().width(), t.dim(3)}, t.dtype(), t.quant()));
                tiles.put(t.name(), buffer(prefix, PatchPlan.tileName(t.name())));
            }
            TileRect in = p.tile(pp.input());
            ctx.line(copyRect(full.get(pp.input()), inFull.dim(2), in.y0(), in.x0(), in.height(), in.width(),
                    inFull.dim(3), tiles.get(pp.input()), in.width(), 0, 0));
            for (int i = 0; i < pp.ops(); i++) {
                Op op = g.ops().get(i);
                TileRect out = p.tile(op.output());
                Map<String, String> exprs = new LinkedHashMap<>(tiles);
                Map<String, Tensor> opShapes = new LinkedHashMap<>(shapes);
                Map<Integer, int[]> pads = new LinkedHashMap<>();
                if (op.kind() instanceof dev.tinyforge.plan.SpatialWindow) {
                    pads.put(i, PatchPlanner.tilePadding(g, op, p.tile(op.input(0)), out));
                }
                boolean outputHoldsACopy = false;
                for (int j = 0; j < op.inputs().size(); j++) {
                    if (!PatchPlanner.copiesInput(pp, g, i, j)) {
                        continue;
                    }
                    String from = op.input(j);
                    String to = outputHoldsACopy ? buffer(prefix, PatchPlan.scratchName(i, j)) : tiles.get(op.output());
                    outputHoldsACopy = true;
                    TileRect src = p.tile(from);
                    ctx.line("/* op " + i + " reads " + out + " of '" + from + "' from its " + src + " tile */");
                    ctx.line(copyRect(tiles.get(from), src.width(), out.y0() - src.y0(), out.x0() - src.x0(),
                            out.height(), out.width(), g.tensor(from).dim(3), to, out.width(), 0, 0));
                    exprs.put(from, to);
                    Tensor t = g.tensor(from); // its own quantization, the output tile's shape
                    opShapes.put(from, Tensor.activation(from, shapes.get(op.output()).shape(), t.dtype(), t.quant()));
                }
                EmitContext view = ctx.view(g, Map.of(), exprs, null, 0, opShapes, pads);
                view.begin(i);
                KernelCall call = ((CEmission) op.kind()).emit(view, i, op);
                view.layer(op, call);
                calls.add(call);
            }
            TileRect last = p.tile(pp.stageOutput());
            ctx.line(copyRect(tiles.get(pp.stageOutput()), last.width(), share.y0() - last.y0(), share.x0() - last.x0(),
                    share.height(), share.width(), outFull.dim(3), full.get(pp.stageOutput()), outFull.dim(2),
                    share.y0(), share.x0()));
        }
        return calls;
    }

    private static String buffer(String prefix, String name) {
        return "(" + prefix + "_arena + " + tileOffsetName(prefix, name) + ")";
    }

    private static String copyRect(String src, int srcW, int srcY, int srcX, int rows, int cols, int channels,
            String dst, int dstW, int dstY, int dstX) {
        return "tfg_copy_rect_s8(" + src + ", " + srcW + ", " + srcY + ", " + srcX + ", " + rows + ", " + cols + ", "
                + channels + ", " + dst + ", " + dstW + ", " + dstY + ", " + dstX + ");";
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape()).replace(" ", "");
    }
}

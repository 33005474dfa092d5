package dev.tinyforge.boards;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.plan.MemoryPlanner;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a model fits a board: the planned arena against SRAM, the constant data against flash, and
 * when it does not fit, by how much, which layer is the peak and what would help.
 *
 * @param flashBytes weights, biases and requantization tables (int32 multiplier and shift per output
 *     channel); the kernels' code is not counted yet
 */
public record ModelFit(BoardSpec board, MemoryPlan plan, long sramBytes, long flashBytes, boolean fitsSram,
        boolean fitsFlash, int peakOp, String peakDescription, List<Layer> layers) {

    /** One op of the execution order with the bytes live while it runs. */
    public record Layer(int position, int op, String kind, String output, long liveBytes) {
    }

    public boolean fits() {
        return fitsSram && fitsFlash;
    }

    public static ModelFit of(Graph g, BoardSpec board) {
        MemoryPlan plan = MemoryPlanner.plan(g);
        long flash = 0;
        for (Tensor t : g.tensors()) {
            if (t.isConstant()) {
                flash += t.sizeBytes();
            }
        }
        for (Op op : g.ops()) {
            if (op.kind() == OpKind.CONV_2D || op.kind() == OpKind.DEPTHWISE_CONV_2D
                    || op.kind() == OpKind.FULLY_CONNECTED) {
                flash += 8L * g.tensor(op.output()).dim(-1);
            }
        }
        long[] live = plan.liveBytes();
        int[] order = plan.order();
        List<Layer> layers = new ArrayList<>();
        for (int pos = 0; pos < order.length; pos++) {
            Op op = g.ops().get(order[pos]);
            layers.add(new Layer(pos, order[pos], op.kind().name(), op.output(), live[pos]));
        }
        int peakOp = order.length == 0 ? -1 : order[plan.peakPosition()];
        String peak = peakOp < 0 ? "no ops" : "op " + peakOp + " " + g.ops().get(peakOp).kind() + " '"
                + g.ops().get(peakOp).output() + "' (" + live[plan.peakPosition()] + " bytes live)";
        return new ModelFit(board, plan, plan.arenaBytes(), flash, plan.arenaBytes() <= board.sramBytes(),
                !board.hasFlashLimit() || flash <= board.flashBytes(), peakOp, peak, List.copyOf(layers));
    }

    /** One line per limit that is exceeded, with the overshoot, the peak layer and what would help; empty when it fits. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!fitsSram) {
            p.add("does not fit " + board.id() + ": needs " + sramBytes + " bytes of SRAM for activations, the board has "
                    + board.sramBytes() + " (over by " + (sramBytes - board.sramBytes()) + " bytes); the peak is at "
                    + peakDescription + ". Try a smaller --width or --resolution at export, or a board with more SRAM"
                    + " (patch-based inference of the first layers is planned).");
        }
        if (!fitsFlash) {
            p.add("does not fit " + board.id() + ": needs " + flashBytes + " bytes of flash for weights and tables, the"
                    + " board has " + board.flashBytes() + " (over by " + (flashBytes - board.flashBytes())
                    + " bytes). Try a smaller --width, fewer --classes, or a board with more flash.");
        }
        return p;
    }
}

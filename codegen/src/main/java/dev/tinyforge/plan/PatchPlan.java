package dev.tinyforge.plan;

import dev.tinyforge.ir.Graph;
import java.util.List;
import java.util.Map;

/**
 * Patch-based inference (MCUNetV2): the first {@code ops} ops of a graph run once per patch of a
 * {@code grid}×{@code grid} split of their last output, each patch on small tile buffers with the
 * receptive-field overlap recomputed; every patch's tile of the stage output is copied into the
 * full-size stage output, and the remaining ops then run layer by layer as {@link #rest} planned by
 * {@link MemoryPlanner}. Made by {@link PatchPlanner}.
 *
 * <p>Arena layout: the stage output sits at the same offset in both phases; during the patch stage the
 * arena also holds the full int8 model input (copied in, as the unpatched plan counts it) and the tile
 * buffers ({@link #tileOffsets}), which the rest phase then reuses.
 *
 * @param ops number of leading ops (graph order) in the patch stage
 * @param grid patches per side
 * @param input the model input tensor
 * @param stageOutput the output of op {@code ops - 1}, the one tensor the rest reads from the stage
 * @param patches the patches in row-major order, each with the tile of every stage tensor
 * @param tileOffsets arena offset of each tile buffer, by name ({@link #tileName} / {@link #scratchName})
 * @param tileBytes size of each tile buffer (the largest tile over the patches), by name
 * @param inputOffset arena offset of the full model input during the stage
 * @param stageOutputOffset arena offset of the full stage output (the same in {@link #restPlan})
 * @param rest the remaining ops as a graph whose input is {@code stageOutput}
 * @param restPlan the layer-by-layer plan of {@code rest}
 * @param stageArenaBytes the top of the patch stage's buffers
 * @param stageLiveBytes bytes live at each position of a patch (0: input tile copied in, op i at i + 1,
 *     {@code ops + 1}: output tile copied out), tiles counted at their largest
 * @param arenaBytes the whole arena: the larger of the stage's and the rest's
 * @param stageMacs MACs of the stage ops run once unpatched
 * @param patchedStageMacs MACs of the stage ops summed over the patches (overlap recomputed)
 * @param totalMacs MACs of the whole unpatched model
 */
public record PatchPlan(int ops, int grid, String input, String stageOutput, List<Patch> patches,
        Map<String, Long> tileOffsets, Map<String, Long> tileBytes, long inputOffset, long stageOutputOffset,
        Graph rest, MemoryPlan restPlan, long stageArenaBytes, long[] stageLiveBytes, long arenaBytes, long stageMacs, long patchedStageMacs,
        long totalMacs) {

    public PatchPlan {
        patches = List.copyOf(patches);
        tileOffsets = MemoryPlan.ordered(tileOffsets);
        tileBytes = MemoryPlan.ordered(tileBytes);
        stageLiveBytes = stageLiveBytes.clone();
    }

    @Override
    public long[] stageLiveBytes() {
        return stageLiveBytes.clone();
    }

    /**
     * One patch: its place in the grid and the tile of every tensor the stage touches (the model input
     * and each stage op's output), by tensor name. An op's input and output tiles are the tiles of its
     * input and output tensors; the tile of {@code stageOutput} is the patch's share of it.
     */
    public record Patch(int row, int col, Map<String, TileRect> tiles) {
        public Patch {
            tiles = MemoryPlan.ordered(tiles);
        }

        public TileRect tile(String tensor) {
            TileRect r = tiles.get(tensor);
            if (r == null) {
                throw new IllegalArgumentException("tensor '" + tensor + "' is not in the patch stage");
            }
            return r;
        }
    }

    /** The buffer name of a tensor's tile. */
    public static String tileName(String tensor) {
        return "tile of " + tensor;
    }

    /**
     * The buffer name of the copy of an element-wise op's input {@code input} (by position) when its
     * tile is larger than the op's output tile and the output buffer already holds another input.
     */
    public static String scratchName(int op, int input) {
        return "scratch of op " + op + " input " + input;
    }

    /** MACs recomputed in the overlaps, as a percentage of the whole unpatched model's MACs. */
    public double recomputeMacsPercent() {
        return totalMacs == 0 ? 0 : 100.0 * (patchedStageMacs - stageMacs) / totalMacs;
    }

    /** A one-line description for reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "first %d ops on %dx%d patches of '%s', %d bytes arena, "
                + "%.1f%% MACs recomputed", ops, grid, grid, stageOutput, arenaBytes, recomputeMacsPercent());
    }
}

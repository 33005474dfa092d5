package dev.tinyforge.ops;

import dev.tinyforge.cgen.EmitContext;
import dev.tinyforge.cgen.Requantization;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.FoldedPadding;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Tensor;

/** The {@code tfg_conv_params} block CONV_2D and DEPTHWISE_CONV_2D share (int8 and 16x8). */
final class ConvEmission {
    private ConvEmission() {
    }

    /** The parameter block, with the tile's padding inside a patch stage and a folded PAD's before the op's own. */
    static String params(EmitContext ctx, int index, Op op, int sh, int sw, int dh, int dw, Padding padding,
            FoldedPadding folded, int multiplier, Activation act) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        int[] range = Requantization.activationRange(act, ctx.quant(op.output()), ctx.tensor(op.output()).dtype());
        int[] tile = ctx.padsOf(index);
        int padTop = tile != null ? tile[0] : folded.padTop(padding, x.dim(1), w.dim(1), sh, dh);
        int padLeft = tile != null ? tile[1] : folded.padLeft(padding, x.dim(2), w.dim(2), sw, dw);
        return "static const tfg_conv_params params = {" + sh + ", " + sw + ", " + dh + ", " + dw + ", " + padTop + ", "
                + padLeft + ", " + multiplier + ", " + (-ctx.quant(op.input(0)).zeroPoint()) + ", "
                + ctx.quant(op.output()).zeroPoint() + ", " + range[0] + ", " + range[1] + "};";
    }

    /** The per-channel quantization block and its two tables. */
    static String quant(EmitContext ctx, Op op, int channels) {
        String[] tables = ctx.perChannelTables(op, channels);
        return "static const tfg_per_channel_quant quant = {" + tables[0] + ", " + tables[1] + "};";
    }
}

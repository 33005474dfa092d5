package dev.tinyforge.cgen;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.ops.ConcatenationDef;
import dev.tinyforge.ir.ops.ResizeNearestDef;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The C emitter of every op the kernels cover, as a table. Ops without an entry are refused by
 * {@link CEmitter} with their name and index.
 */
final class OpEmitters {
    private static final Map<OpKind, OpEmitter> EMITTERS = new EnumMap<>(OpKind.class);

    static {
        EMITTERS.put(OpKind.CONV_2D, OpEmitters::conv2d);
        EMITTERS.put(OpKind.DEPTHWISE_CONV_2D, OpEmitters::depthwise);
        EMITTERS.put(OpKind.FULLY_CONNECTED, OpEmitters::fullyConnected);
        EMITTERS.put(OpKind.ADD, OpEmitters::add);
        EMITTERS.put(OpKind.AVERAGE_POOL_2D, (ctx, i, op) -> pool(ctx, i, op, "tfg_avgpool_s8"));
        EMITTERS.put(OpKind.MAX_POOL_2D, (ctx, i, op) -> pool(ctx, i, op, "tfg_maxpool_s8"));
        EMITTERS.put(OpKind.PAD, OpEmitters::pad);
        EMITTERS.put(OpKind.RESHAPE, OpEmitters::reshape);
        EMITTERS.put(OpKind.CONCATENATION, OpEmitters::concatenation);
        EMITTERS.put(OpKind.MEAN, OpEmitters::mean);
        EMITTERS.put(OpKind.SOFTMAX, OpEmitters::softmax);
        EMITTERS.put(OpKind.MUL, OpEmitters::mul);
        EMITTERS.put(OpKind.LOGISTIC, OpEmitters::logistic);
        EMITTERS.put(OpKind.RELU, (ctx, i, op) -> relu(ctx, i, op, Activation.RELU));
        EMITTERS.put(OpKind.RELU6, (ctx, i, op) -> relu(ctx, i, op, Activation.RELU6));
        EMITTERS.put(OpKind.HARD_SWISH, OpEmitters::hardSwish);
        EMITTERS.put(OpKind.TRANSPOSE, OpEmitters::transpose);
        EMITTERS.put(OpKind.RESIZE_NEAREST_NEIGHBOR, OpEmitters::resizeNearest);
        EMITTERS.put(OpKind.QUANTIZE, OpEmitters::quantize);
        EMITTERS.put(OpKind.DEQUANTIZE, OpEmitters::dequantize);
    }

    private OpEmitters() {
    }

    static OpEmitter of(OpKind kind) {
        return EMITTERS.get(kind);
    }

    static Set<OpKind> covered() {
        return EMITTERS.keySet();
    }

    private static UnsupportedOpException refuse(int index, Op op, String reason) {
        return new UnsupportedOpException("op " + index + " " + op.kind() + " '" + op.output() + "': " + reason);
    }

    private static String shape(Tensor t) {
        return Arrays.toString(t.shape()).replace(" ", "");
    }

    private static String[] perChannelTables(EmitContext ctx, Op op, int channels) {
        Quant in = ctx.quant(op.input(0));
        Quant w = ctx.quant(op.input(1));
        Quant out = ctx.quant(op.output());
        Requantization.Multiplier[] m = Requantization.perChannel(in, w, out, channels);
        int[] mult = new int[channels];
        int[] shift = new int[channels];
        for (int c = 0; c < channels; c++) {
            mult[c] = m[c].multiplier();
            shift[c] = m[c].shift();
        }
        return new String[] {ctx.int32Table(op.output() + "_multiplier", mult),
            ctx.int32Table(op.output() + "_shift", shift)};
    }

    private static String convParams(EmitContext ctx, int index, Op op, int sh, int sw, int dh, int dw,
            Padding padding, int multiplier, Activation act) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        int[] range = Requantization.activationRange(act, ctx.quant(op.output()));
        int[] tile = ctx.padsOf(index);
        int padTop = tile != null ? tile[0] : padding.padBefore(x.dim(1), w.dim(1), sh, dh);
        int padLeft = tile != null ? tile[1] : padding.padBefore(x.dim(2), w.dim(2), sw, dw);
        return "static const tfg_conv_params params = {" + sh + ", " + sw + ", " + dh + ", " + dw + ", " + padTop + ", "
                + padLeft + ", " + multiplier + ", " + (-ctx.quant(op.input(0)).zeroPoint()) + ", "
                + ctx.quant(op.output()).zeroPoint() + ", " + range[0] + ", " + range[1] + "};";
    }

    private static void conv2d(EmitContext ctx, int index, Op op) {
        OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        if (w.dim(3) != x.dim(3)) {
            throw refuse(index, op, "grouped convolution (" + x.dim(3) / w.dim(3) + " groups) is not supported by the "
                    + "C kernels yet: TFLite 2.20's grouped int8 result differs from the reference arithmetic");
        }
        String[] tables = perChannelTables(ctx, op, w.dim(0));
        String code = convParams(ctx, index, op, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding(), 1,
                p.activation()) + "\n"
                + "static const tfg_per_channel_quant quant = {" + tables[0] + ", " + tables[1] + "};\n"
                + "tfg_conv2d_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ",\n"
                + "              " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                + "              " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", " + w.dim(1) + "x" + w.dim(2) + " stride "
                + p.strideH() + "x" + p.strideW() + ", " + p.activation()
                + (ctx.inPlace(index) ? ", output overlapping the consumed input" : ""), code);
    }

    private static void depthwise(EmitContext ctx, int index, Op op) {
        OpParams.DepthwiseConv2d p = op.params(OpParams.DepthwiseConv2d.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        String[] tables = perChannelTables(ctx, op, w.dim(3));
        String head = convParams(ctx, index, op, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding(),
                p.depthMultiplier(), p.activation()) + "\n"
                + "static const tfg_per_channel_quant quant = {" + tables[0] + ", " + tables[1] + "};\n";
        String what = shape(x) + " -> " + shape(y) + ", " + w.dim(1) + "x" + w.dim(2) + " stride " + p.strideH() + "x"
                + p.strideW() + ", multiplier " + p.depthMultiplier() + ", " + p.activation();
        if (ctx.inPlace(index)) {
            ctx.layer(index, op, what + ", in place", head
                    + "tfg_depthwise_conv2d_inplace_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ",\n"
                    + "                                " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                    + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                    + "                                " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name())
                    + ", " + ctx.scratch(index) + ");");
            return;
        }
        String code = head
                + "tfg_depthwise_conv2d_s8(&params, &quant, " + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name())
                + ",\n"
                + "                        " + EmitContext.dims(w.shape()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ",\n"
                + "                        " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, what, code);
    }

    private static void fullyConnected(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor w = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        Activation act = op.params(OpParams.FullyConnected.class).activation();
        Quant wq = w.quant();
        String[] tables;
        int perChannel;
        if (wq.isPerChannel()) {
            tables = perChannelTables(ctx, op, w.dim(0));
            perChannel = 1;
        } else {
            Requantization.Multiplier m = Requantization.fullyConnected(x.quant(), wq, y.quant());
            tables = new String[] {ctx.int32Table(op.output() + "_multiplier", new int[] {m.multiplier()}),
                ctx.int32Table(op.output() + "_shift", new int[] {m.shift()})};
            perChannel = 0;
        }
        int[] range = Requantization.activationRange(act, y.quant());
        String code = "tfg_fully_connected_s8(" + y.dim(0) + ", " + w.dim(1) + ", " + w.dim(0) + ", "
                + (-x.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + tables[0] + ", " + tables[1] + ", "
                + perChannel + ", " + range[0] + ", " + range[1] + ",\n"
                + "                       " + ctx.arena(x.name()) + ", " + ctx.int8Array(w) + ", "
                + ctx.int32Array(ctx.tensor(op.input(2))) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", " + act, code);
    }

    private static void add(EmitContext ctx, int index, Op op) {
        Tensor a = ctx.tensor(op.input(0));
        Tensor b = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        if (a.rank() > 4 || b.rank() > 4 || y.rank() > 4) {
            throw refuse(index, op, "the C kernel broadcasts tensors of rank up to 4");
        }
        float s1 = a.quant().scale();
        float s2 = b.quant().scale();
        double twiceMax = 2.0 * Math.max(s1, s2);
        int leftShift = 20;
        Requantization.Multiplier m1 = Requantization.quantize(s1 / twiceMax);
        Requantization.Multiplier m2 = Requantization.quantize(s2 / twiceMax);
        Requantization.Multiplier mo = Requantization.quantize(twiceMax / ((1 << leftShift) * (double) y.quant().scale()));
        int[] range = Requantization.activationRange(op.params(OpParams.Elementwise.class).activation(), y.quant());
        String code = "static const tfg_add_params params = {" + (-a.quant().zeroPoint()) + ", "
                + (-b.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + leftShift + ",\n"
                + "    " + m1.multiplier() + ", " + m1.shift() + ", " + m2.multiplier() + ", " + m2.shift() + ", "
                + mo.multiplier() + ", " + mo.shift() + ", " + range[0] + ", " + range[1] + "};\n"
                + "tfg_add_s8(&params, " + EmitContext.dims(a.shape()) + ", " + ctx.arena(a.name()) + ", "
                + EmitContext.dims(b.shape()) + ", " + ctx.arena(b.name()) + ",\n"
                + "           " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(a) + " + " + shape(b) + " -> " + shape(y), code);
    }

    private static void requireSameQuant(int index, Op op, Quant in, Quant out) {
        if (in.scale() != out.scale() || in.zeroPoint() != out.zeroPoint()) {
            throw refuse(index, op, "input and output quantization differ (" + in + " vs " + out
                    + "); the C kernel copies values and needs them equal");
        }
    }

    private static void pool(EmitContext ctx, int index, Op op, String kernel) {
        OpParams.Pool2d p = op.params(OpParams.Pool2d.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        requireSameQuant(index, op, x.quant(), y.quant());
        int[] range = Requantization.activationRange(p.activation(), y.quant());
        int[] tile = ctx.padsOf(index);
        int padTop = tile != null ? tile[0] : p.padding().padBefore(x.dim(1), p.filterH(), p.strideH(), 1);
        int padLeft = tile != null ? tile[1] : p.padding().padBefore(x.dim(2), p.filterW(), p.strideW(), 1);
        String code = "static const tfg_pool_params params = {" + p.filterH() + ", " + p.filterW() + ", " + p.strideH()
                + ", " + p.strideW() + ", " + padTop + ", " + padLeft + ", " + range[0] + ", " + range[1] + "};\n"
                + kernel + "(&params, " + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", "
                + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", " + p.filterH() + "x" + p.filterW() + " stride "
                + p.strideH() + "x" + p.strideW(), code);
    }

    private static void pad(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        requireSameQuant(index, op, x.quant(), y.quant());
        if (x.rank() > 4) {
            throw refuse(index, op, "the C kernel pads tensors of rank up to 4");
        }
        int[] p = ctx.padsOf(index) != null ? ctx.padsOf(index) : op.params(OpParams.Pad.class).paddings();
        int[] pads = new int[8];
        System.arraycopy(p, 0, pads, 8 - p.length, p.length);
        String table = ctx.int32Table(op.output() + "_paddings", pads);
        String code = "tfg_pad_s8(" + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + table + ", "
                + y.quant().zeroPoint() + ", " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + " -> " + shape(y), code);
    }

    private static void reshape(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        requireSameQuant(index, op, x.quant(), y.quant());
        if (ctx.inPlace(index)) {
            ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", in place", "/* nothing to do: same bytes */");
            return;
        }
        ctx.layer(index, op, shape(x) + " -> " + shape(y), "tfg_copy_s8(" + ctx.arena(x.name()) + ", "
                + x.elements() + ", " + ctx.arena(y.name()) + ");");
    }

    private static void concatenation(EmitContext ctx, int index, Op op) {
        Tensor y = ctx.tensor(op.output());
        OpParams.Concatenation p = op.params(OpParams.Concatenation.class);
        if (p.activation() != Activation.NONE) {
            throw refuse(index, op, "a fused activation on CONCATENATION is not supported by the C kernel");
        }
        int axis = ConcatenationDef.axis(p, y.rank());
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= y.dim(d);
        }
        StringBuilder inputs = new StringBuilder();
        int[] chunks = new int[op.inputs().size()];
        for (int i = 0; i < chunks.length; i++) {
            Tensor t = ctx.tensor(op.input(i));
            requireSameQuant(index, op, t.quant(), y.quant());
            chunks[i] = (int) (t.elements() / outer);
            inputs.append(i > 0 ? ", " : "").append(ctx.arena(t.name()));
        }
        String table = ctx.int32Table(op.output() + "_chunks", chunks);
        String code = "const int8_t *const inputs[" + chunks.length + "] = {" + inputs + "};\n"
                + "tfg_concat_s8(" + chunks.length + ", inputs, " + table + ", " + outer + ", " + ctx.arena(y.name())
                + ");";
        ctx.layer(index, op, "axis " + axis + " -> " + shape(y), code);
    }

    private static void mean(EmitContext ctx, int index, Op op) {
        OpParams.Mean p = op.params(OpParams.Mean.class);
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        java.util.Set<Integer> axes = new java.util.TreeSet<>();
        for (int a : p.axes()) {
            axes.add(a < 0 ? a + x.rank() : a);
        }
        if (x.rank() != 4 || !axes.equals(java.util.Set.of(1, 2))) {
            throw refuse(index, op, "the C kernel averages over height and width of 4-D tensors only");
        }
        int count = x.dim(1) * x.dim(2);
        if (p.keepDims()) {
            // TFLite's optimized integer Mean: bias and scale computed in float
            float inScale = x.quant().scale();
            float outScale = y.quant().scale();
            float temp = x.quant().zeroPoint() * inScale / outScale;
            temp = temp > 0 ? temp + 0.5f : temp - 0.5f;
            int bias = y.quant().zeroPoint() - (int) temp;
            float realScale = inScale / ((float) count * outScale);
            Requantization.Multiplier m = Requantization.quantize(realScale);
            ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", keep dims", "tfg_mean_hw_keepdims_s8("
                    + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + m.multiplier() + ", " + m.shift()
                    + ", " + bias + ", " + ctx.arena(y.name()) + ");");
            return;
        }
        Requantization.Multiplier m = Requantization.meanMultiplier(x.quant(), y.quant(), count);
        String code = "tfg_mean_hw_s8(" + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", "
                + x.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift() + ", " + y.quant().zeroPoint()
                + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + " -> " + shape(y), code);
    }

    private static void softmax(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float beta = op.params(OpParams.Softmax.class).beta();
        float scale = -x.quant().scale() * beta;
        int[] bits = new int[256];
        for (int v = 0; v <= 255; v++) {
            bits[255 - v] = Float.floatToIntBits((float) StrictMath.exp((double) (scale * v)));
        }
        String table = ctx.floatTable(op.output() + "_exp", bits);
        int depth = y.dim(-1);
        String code = "tfg_softmax_s8(" + table + ", " + (y.elements() / depth) + ", " + depth + ", "
                + EmitContext.floatLiteral(y.quant().scale()) + ", " + y.quant().zeroPoint() + ", " + ctx.arena(x.name()) + ", "
                + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + ", beta " + beta, code);
    }

    private static void mul(EmitContext ctx, int index, Op op) {
        Tensor a = ctx.tensor(op.input(0));
        Tensor b = ctx.tensor(op.input(1));
        Tensor y = ctx.tensor(op.output());
        if (a.rank() > 4 || b.rank() > 4 || y.rank() > 4) {
            throw refuse(index, op, "the C kernel broadcasts tensors of rank up to 4");
        }
        float real = a.quant().scale() * b.quant().scale() / y.quant().scale();
        Requantization.Multiplier m = Requantization.quantize(real);
        int[] range = Requantization.activationRange(op.params(OpParams.Elementwise.class).activation(), y.quant());
        String code = "static const tfg_mul_params params = {" + (-a.quant().zeroPoint()) + ", "
                + (-b.quant().zeroPoint()) + ", " + y.quant().zeroPoint() + ", " + m.multiplier() + ", " + m.shift()
                + ", " + range[0] + ", " + range[1] + "};\n"
                + "tfg_mul_s8(&params, " + EmitContext.dims(a.shape()) + ", " + ctx.arena(a.name()) + ", "
                + EmitContext.dims(b.shape()) + ", " + ctx.arena(b.name()) + ",\n"
                + "           " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(a) + " * " + shape(b) + " -> " + shape(y), code);
    }

    private static void logistic(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float inScale = x.quant().scale();
        float inverse = 1f / y.quant().scale();
        int[] table = new int[256];
        for (int v = -128; v <= 127; v++) {
            float dequantized = inScale * (float) (v - x.quant().zeroPoint());
            float transformed = 1.0f / (1.0f + (float) StrictMath.exp(-dequantized));
            float rescaled = (float) Requantization.roundHalfAwayFromZero(transformed * inverse);
            int q = (int) (rescaled + y.quant().zeroPoint());
            table[v + 128] = Math.max(-128, Math.min(127, q));
        }
        String name = ctx.int8Table(op.output() + "_table", table);
        ctx.layer(index, op, shape(x) + ", table of 1/(1+exp(-x))", "tfg_lookup_s8(" + name + ", "
                + ctx.arena(x.name()) + ", " + x.elements() + ", " + ctx.arena(y.name()) + ");");
    }

    /** Standalone RELU / RELU6 (TFLite's ReluX): requantize by input / output scale, clamp to the activation. */
    private static void relu(EmitContext ctx, int index, Op op, Activation act) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        // TFLite divides the scales in float, then widens to double
        Requantization.Multiplier m = Requantization.quantize(x.quant().scale() / y.quant().scale());
        int[] range = Requantization.activationRange(act, y.quant());
        ctx.layer(index, op, shape(x), requantize(ctx, x, y, m, range));
    }

    private static String requantize(EmitContext ctx, Tensor x, Tensor y, Requantization.Multiplier m, int[] range) {
        return "tfg_requantize_s8(" + ctx.arena(x.name()) + ", " + x.elements() + ", " + x.quant().zeroPoint() + ", "
                + m.multiplier() + ", " + m.shift() + ", " + y.quant().zeroPoint() + ", " + range[0] + ", " + range[1]
                + ", " + ctx.arena(y.name()) + ");";
    }

    /** HARD_SWISH with TFLite's 16-bit multipliers (its HardSwishPrepare: scales in float, Q31 rounded to Q15). */
    private static void hardSwish(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        float hiresInputScale = (1.0f / 128.0f) * x.quant().scale();
        float reluishScale = 3.0f / 32768.0f;
        Requantization.Multiplier out = Requantization.quantize(hiresInputScale / y.quant().scale());
        Requantization.Multiplier reluish = Requantization.quantize(hiresInputScale / reluishScale);
        if (out.shift() > 0) {
            throw refuse(index, op, "output scale " + y.quant().scale() + " is below input scale / 128 ("
                    + hiresInputScale + "); TFLite rejects such a model too");
        }
        String code = "static const tfg_hard_swish_params params = {" + x.quant().zeroPoint() + ", "
                + y.quant().zeroPoint() + ", " + Requantization.toQ15(out.multiplier()) + ", "
                + Requantization.toQ15(reluish.multiplier()) + ", " + out.shift() + ", " + reluish.shift() + "};\n"
                + "tfg_hard_swish_s8(&params, " + ctx.arena(x.name()) + ", " + x.elements() + ", "
                + ctx.arena(y.name()) + ");";
        ctx.layer(index, op, shape(x) + ", x * relu6(x + 3) / 6", code);
    }

    private static void transpose(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        requireSameQuant(index, op, x.quant(), y.quant());
        int[] perm = op.params(OpParams.Transpose.class).perm();
        if (perm.length > 4) {
            throw refuse(index, op, "the C kernel transposes tensors of rank up to 4");
        }
        // pad to rank 4 with leading size-1 dimensions that stay in front
        int lead = 4 - perm.length;
        int[] perm4 = new int[4];
        for (int d = 0; d < 4; d++) {
            perm4[d] = d < lead ? d : perm[d - lead] + lead;
        }
        String table = ctx.int32Table(op.output() + "_perm", perm4);
        ctx.layer(index, op, shape(x) + " -> " + shape(y) + ", perm " + Arrays.toString(perm).replace(" ", ""),
                "tfg_transpose_s8(" + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + table + ", "
                        + ctx.arena(y.name()) + ");");
    }

    private static void resizeNearest(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        requireSameQuant(index, op, x.quant(), y.quant());
        OpParams.ResizeNearest p = op.params(OpParams.ResizeNearest.class);
        int[] rows = new int[y.dim(1)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = ResizeNearestDef.sourceIndex(i, x.dim(1), y.dim(1), p.alignCorners(), p.halfPixelCenters());
        }
        int[] cols = new int[y.dim(2)];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = ResizeNearestDef.sourceIndex(i, x.dim(2), y.dim(2), p.alignCorners(), p.halfPixelCenters());
        }
        String ys = ctx.int32Table(op.output() + "_source_y", rows);
        String xs = ctx.int32Table(op.output() + "_source_x", cols);
        ctx.layer(index, op, shape(x) + " -> " + shape(y) + (p.alignCorners() ? ", align corners" : "")
                + (p.halfPixelCenters() ? ", half-pixel centers" : ""), "tfg_resize_nearest_s8("
                + EmitContext.dims(x.shape()) + ", " + ctx.arena(x.name()) + ", " + ys + ", " + xs + ",\n"
                + "                      " + EmitContext.dims(y.shape()) + ", " + ctx.arena(y.name()) + ");");
    }

    /** QUANTIZE: float32 model input to int8, or int8 to int8 with a new scale (TFLite's Requantize). */
    private static void quantize(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        Tensor y = ctx.tensor(op.output());
        if (x.dtype() == DType.FLOAT32) {
            ctx.layer(index, op, shape(x) + " float32 -> int8", "tfg_quantize_f32_s8(" + ctx.arena(x.name()) + ", "
                    + x.elements() + ", " + EmitContext.floatLiteral(y.quant().scale()) + ", " + y.quant().zeroPoint()
                    + ", " + ctx.arena(y.name()) + ");");
            return;
        }
        Requantization.Multiplier m = Requantization.quantize((double) x.quant().scale() / (double) y.quant().scale());
        ctx.layer(index, op, shape(x) + " int8 -> int8, new scale", requantize(ctx, x, y, m, new int[] {-128, 127}));
    }

    private static void dequantize(EmitContext ctx, int index, Op op) {
        Tensor x = ctx.tensor(op.input(0));
        ctx.layer(index, op, shape(x) + " int8 -> float32", "tfg_dequantize_s8_f32(" + ctx.arena(x.name()) + ", "
                + x.elements() + ", " + EmitContext.floatLiteral(x.quant().scale()) + ", " + x.quant().zeroPoint()
                + ", " + ctx.arena(op.output()) + ");");
    }

    /** Types the kernels take: int8 activations and weights, int32 biases. */
    static boolean int8(Tensor t) {
        return t.dtype() == DType.INT8;
    }
}

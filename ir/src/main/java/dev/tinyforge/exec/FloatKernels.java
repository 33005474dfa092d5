package dev.tinyforge.exec;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.ops.ConcatenationDef;
import dev.tinyforge.ir.ops.MeanDef;
import dev.tinyforge.ir.ops.ResizeNearestDef;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The float kernel of every {@link OpKind}, following TFLite's float reference kernels: SAME padding
 * from {@link dev.tinyforge.ir.Padding}, average pooling over the in-bounds part of the window only,
 * max pooling ignoring padding, nearest-neighbour resizing with TFLite's index arithmetic. QUANTIZE
 * and DEQUANTIZE are the identity on float values (a float graph carries no quantization).
 */
final class FloatKernels {
    private static final Map<OpKind, FloatKernel> KERNELS = new EnumMap<>(OpKind.class);

    static {
        KERNELS.put(OpKind.CONV_2D, FloatKernels::conv2d);
        KERNELS.put(OpKind.DEPTHWISE_CONV_2D, FloatKernels::depthwise);
        KERNELS.put(OpKind.FULLY_CONNECTED, FloatKernels::fullyConnected);
        KERNELS.put(OpKind.ADD, (op, in, v, out, act) -> broadcast(in, v, out, false,
                act ? op.params(OpParams.Elementwise.class).activation() : Activation.NONE));
        KERNELS.put(OpKind.MUL, (op, in, v, out, act) -> broadcast(in, v, out, true,
                act ? op.params(OpParams.Elementwise.class).activation() : Activation.NONE));
        KERNELS.put(OpKind.CONCATENATION, FloatKernels::concatenation);
        KERNELS.put(OpKind.AVERAGE_POOL_2D, (op, in, v, out, act) -> pool(op, in, v, out, act, false));
        KERNELS.put(OpKind.MAX_POOL_2D, (op, in, v, out, act) -> pool(op, in, v, out, act, true));
        KERNELS.put(OpKind.MEAN, FloatKernels::mean);
        KERNELS.put(OpKind.PAD, FloatKernels::pad);
        KERNELS.put(OpKind.RESHAPE, (op, in, v, out, act) -> v.get(0).clone());
        KERNELS.put(OpKind.QUANTIZE, (op, in, v, out, act) -> v.get(0).clone());
        KERNELS.put(OpKind.DEQUANTIZE, (op, in, v, out, act) -> v.get(0).clone());
        KERNELS.put(OpKind.SOFTMAX, FloatKernels::softmax);
        KERNELS.put(OpKind.LOGISTIC, (op, in, v, out, act) -> map(v.get(0), x -> (float) (1 / (1 + Math.exp(-x)))));
        KERNELS.put(OpKind.HARD_SWISH, (op, in, v, out, act) ->
                map(v.get(0), x -> x * Math.min(6f, Math.max(0f, x + 3f)) / 6f));
        KERNELS.put(OpKind.RELU, (op, in, v, out, act) -> map(v.get(0), Activation.RELU::apply));
        KERNELS.put(OpKind.RELU6, (op, in, v, out, act) -> map(v.get(0), Activation.RELU6::apply));
        KERNELS.put(OpKind.RESIZE_NEAREST_NEIGHBOR, FloatKernels::resizeNearest);
        KERNELS.put(OpKind.TRANSPOSE, FloatKernels::transpose);
    }

    private FloatKernels() {
    }

    static FloatKernel of(OpKind kind) {
        FloatKernel k = KERNELS.get(kind);
        if (k == null) {
            throw new IllegalStateException("no float kernel for " + kind + " (see CONTRIBUTING.md)");
        }
        return k;
    }

    static Set<OpKind> covered() {
        return KERNELS.keySet();
    }

    private interface FloatOp {
        float apply(float x);
    }

    private static float[] map(float[] x, FloatOp f) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.apply(x[i]);
        }
        return y;
    }

    private static void activate(float[] y, Activation a) {
        if (a == Activation.NONE) {
            return;
        }
        float lo = 0f;
        float hi = a == Activation.RELU6 ? 6f : Float.POSITIVE_INFINITY;
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(hi, Math.max(lo, y[i]));
        }
    }

    /**
     * Where a sliding window reads: input and output sizes and the padding before the data, as
     * {@link dev.tinyforge.ir.Padding#padBefore} computes it.
     */
    private record Window(int batch, int inH, int inW, int outH, int outW, int padTop, int padLeft) {
        static Window of(Tensor x, Tensor out, int kh, int kw, int sh, int sw, int dh, int dw,
                dev.tinyforge.ir.Padding padding) {
            return new Window(x.dim(0), x.dim(1), x.dim(2), out.dim(1), out.dim(2),
                    padding.padBefore(x.dim(1), kh, sh, dh), padding.padBefore(x.dim(2), kw, sw, dw));
        }
    }

    private static float[] conv2d(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int cin = x.dim(3);
        int cout = w.dim(0);
        int kh = w.dim(1);
        int kw = w.dim(2);
        int cg = w.dim(3);
        int coutPerGroup = cout / (cin / cg);
        Window g = Window.of(x, out, kh, kw, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding());
        int n = g.batch();
        int h = g.inH();
        int wd = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        int padT = g.padTop();
        int padL = g.padLeft();
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yBase = ((b * oh + oy) * ow + ox) * cout;
                    for (int co = 0; co < cout; co++) {
                        int ciBase = (co / coutPerGroup) * cg;
                        float acc = bs[co];
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * p.strideH() - padT + ky * p.dilationH();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * p.strideW() - padL + kx * p.dilationW();
                                if (ix < 0 || ix >= wd) {
                                    continue;
                                }
                                int xb = ((b * h + iy) * wd + ix) * cin + ciBase;
                                int wb = ((co * kh + ky) * kw + kx) * cg;
                                for (int ci = 0; ci < cg; ci++) {
                                    acc += xs[xb + ci] * ws[wb + ci];
                                }
                            }
                        }
                        y[yBase + co] = acc;
                    }
                }
            }
        }
        if (act) {
            activate(y, p.activation());
        }
        return y;
    }

    private static float[] depthwise(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        OpParams.DepthwiseConv2d p = op.params(OpParams.DepthwiseConv2d.class);
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int c = x.dim(3);
        int m = p.depthMultiplier();
        int cout = c * m;
        int kh = w.dim(1);
        int kw = w.dim(2);
        Window g = Window.of(x, out, kh, kw, p.strideH(), p.strideW(), p.dilationH(), p.dilationW(), p.padding());
        int n = g.batch();
        int h = g.inH();
        int wd = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        int padT = g.padTop();
        int padL = g.padLeft();
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yBase = ((b * oh + oy) * ow + ox) * cout;
                    System.arraycopy(bs, 0, y, yBase, cout);
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * p.strideH() - padT + ky * p.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * p.strideW() - padL + kx * p.dilationW();
                            if (ix < 0 || ix >= wd) {
                                continue;
                            }
                            int xb = ((b * h + iy) * wd + ix) * c;
                            int wb = (ky * kw + kx) * cout;
                            if (m == 1) {
                                for (int ci = 0; ci < c; ci++) {
                                    y[yBase + ci] += xs[xb + ci] * ws[wb + ci];
                                }
                            } else {
                                for (int ci = 0; ci < c; ci++) {
                                    float xv = xs[xb + ci];
                                    for (int j = 0; j < m; j++) {
                                        y[yBase + ci * m + j] += xv * ws[wb + ci * m + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (act) {
            activate(y, p.activation());
        }
        return y;
    }

    private static float[] fullyConnected(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float[] xs = v.get(0);
        float[] ws = v.get(1);
        float[] bs = v.get(2);
        int cout = in.get(1).dim(0);
        int cin = in.get(1).dim(1);
        int rows = xs.length / cin;
        float[] y = new float[rows * cout];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < cout; o++) {
                float acc = bs[o];
                int wb = o * cin;
                int xb = r * cin;
                for (int i = 0; i < cin; i++) {
                    acc += xs[xb + i] * ws[wb + i];
                }
                y[r * cout + o] = acc;
            }
        }
        if (act) {
            activate(y, op.params(OpParams.FullyConnected.class).activation());
        }
        return y;
    }

    /** Row-major strides of a shape, right-aligned to {@code rank} with 0 for broadcast dimensions. */
    private static int[] broadcastStrides(int[] shape, int[] outShape) {
        int rank = outShape.length;
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = i - (rank - shape.length);
            int size = d >= 0 ? shape[d] : 1;
            strides[i] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return strides;
    }

    private static float[] broadcast(List<Tensor> in, List<float[]> v, Tensor out, boolean multiply, Activation a) {
        float[] xa = v.get(0);
        float[] xb = v.get(1);
        float[] y = new float[out.elementsInt()];
        if (xa.length == y.length && xb.length == y.length) {
            for (int i = 0; i < y.length; i++) {
                y[i] = multiply ? xa[i] * xb[i] : xa[i] + xb[i];
            }
        } else {
            int[] shape = out.shape();
            int[] sa = broadcastStrides(in.get(0).shape(), shape);
            int[] sb = broadcastStrides(in.get(1).shape(), shape);
            int[] idx = new int[shape.length];
            for (int i = 0; i < y.length; i++) {
                int ia = 0;
                int ib = 0;
                for (int d = 0; d < shape.length; d++) {
                    ia += idx[d] * sa[d];
                    ib += idx[d] * sb[d];
                }
                y[i] = multiply ? xa[ia] * xb[ib] : xa[ia] + xb[ib];
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
        activate(y, a);
        return y;
    }

    private static float[] concatenation(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        OpParams.Concatenation p = op.params(OpParams.Concatenation.class);
        int[] shape = out.shape();
        int axis = ConcatenationDef.axis(p, shape.length);
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        float[] y = new float[out.elementsInt()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < in.size(); i++) {
                int chunk = in.get(i).elementsInt() / outer;
                System.arraycopy(v.get(i), o * chunk, y, pos, chunk);
                pos += chunk;
            }
        }
        if (act) {
            activate(y, p.activation());
        }
        return y;
    }

    private static float[] pool(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act, boolean max) {
        OpParams.Pool2d p = op.params(OpParams.Pool2d.class);
        Tensor x = in.get(0);
        float[] xs = v.get(0);
        int c = x.dim(3);
        Window g = Window.of(x, out, p.filterH(), p.filterW(), p.strideH(), p.strideW(), 1, 1, p.padding());
        int n = g.batch();
        int h = g.inH();
        int wd = g.inW();
        int oh = g.outH();
        int ow = g.outW();
        int padT = g.padTop();
        int padL = g.padLeft();
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(0, oy * p.strideH() - padT);
                int y1 = Math.min(h, oy * p.strideH() - padT + p.filterH());
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(0, ox * p.strideW() - padL);
                    int x1 = Math.min(wd, ox * p.strideW() - padL + p.filterW());
                    int yb = ((b * oh + oy) * ow + ox) * c;
                    for (int ch = 0; ch < c; ch++) {
                        float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                float val = xs[((b * h + iy) * wd + ix) * c + ch];
                                acc = max ? Math.max(acc, val) : acc + val;
                            }
                        }
                        y[yb + ch] = max ? acc : acc / ((y1 - y0) * (x1 - x0));
                    }
                }
            }
        }
        if (act) {
            activate(y, p.activation());
        }
        return y;
    }

    private static float[] mean(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] shape = in.get(0).shape();
        boolean[] reduced = MeanDef.reduced(op.params(OpParams.Mean.class), shape.length);
        // Output index of every input element: strides over the kept dimensions only.
        int[] outStrides = new int[shape.length];
        int stride = 1;
        int count = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (reduced[d]) {
                count *= shape[d];
            } else {
                outStrides[d] = stride;
                stride *= shape[d];
            }
        }
        float[] xs = v.get(0);
        double[] sums = new double[out.elementsInt()];
        int[] idx = new int[shape.length];
        for (int i = 0; i < xs.length; i++) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) {
                o += idx[d] * outStrides[d];
            }
            sums[o] += xs[i];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        float[] y = new float[sums.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (sums[i] / count);
        }
        return y;
    }

    private static float[] pad(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] p = op.params(OpParams.Pad.class).paddings();
        int[] inShape = in.get(0).shape();
        int[] outShape = out.shape();
        float[] xs = v.get(0);
        float[] y = new float[out.elementsInt()];
        int[] idx = new int[inShape.length];
        int[] outStrides = strides(outShape);
        for (int i = 0; i < xs.length; i++) {
            int o = 0;
            for (int d = 0; d < inShape.length; d++) {
                o += (idx[d] + p[2 * d]) * outStrides[d];
            }
            y[o] = xs[i];
            for (int d = inShape.length - 1; d >= 0; d--) {
                if (++idx[d] < inShape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return y;
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = stride;
            stride *= shape[d];
        }
        return s;
    }

    private static float[] softmax(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        float beta = op.params(OpParams.Softmax.class).beta();
        float[] xs = v.get(0);
        int depth = out.dim(-1);
        float[] y = new float[xs.length];
        for (int r = 0; r < xs.length / depth; r++) {
            int base = r * depth;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                max = Math.max(max, xs[base + i]);
            }
            float sum = 0;
            for (int i = 0; i < depth; i++) {
                y[base + i] = (float) Math.exp((xs[base + i] - max) * beta);
                sum += y[base + i];
            }
            for (int i = 0; i < depth; i++) {
                y[base + i] /= sum;
            }
        }
        return y;
    }

    private static float[] resizeNearest(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        OpParams.ResizeNearest p = op.params(OpParams.ResizeNearest.class);
        Tensor x = in.get(0);
        float[] xs = v.get(0);
        int n = x.dim(0);
        int h = x.dim(1);
        int wd = x.dim(2);
        int c = x.dim(3);
        int oh = out.dim(1);
        int ow = out.dim(2);
        float[] y = new float[out.elementsInt()];
        for (int b = 0; b < n; b++) {
            for (int oy = 0; oy < oh; oy++) {
                int iy = ResizeNearestDef.sourceIndex(oy, h, oh, p.alignCorners(), p.halfPixelCenters());
                for (int ox = 0; ox < ow; ox++) {
                    int ix = ResizeNearestDef.sourceIndex(ox, wd, ow, p.alignCorners(), p.halfPixelCenters());
                    System.arraycopy(xs, ((b * h + iy) * wd + ix) * c, y, ((b * oh + oy) * ow + ox) * c, c);
                }
            }
        }
        return y;
    }

    private static float[] transpose(Op op, List<Tensor> in, List<float[]> v, Tensor out, boolean act) {
        int[] perm = op.params(OpParams.Transpose.class).perm();
        int[] inStrides = strides(in.get(0).shape());
        int[] outShape = out.shape();
        float[] xs = v.get(0);
        float[] y = new float[xs.length];
        int[] idx = new int[outShape.length];
        for (int i = 0; i < y.length; i++) {
            int src = 0;
            for (int d = 0; d < outShape.length; d++) {
                src += idx[d] * inStrides[perm[d]];
            }
            y[i] = xs[src];
            for (int d = outShape.length - 1; d >= 0; d--) {
                if (++idx[d] < outShape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return y;
    }
}

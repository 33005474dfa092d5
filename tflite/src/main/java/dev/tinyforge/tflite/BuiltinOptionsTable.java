package dev.tinyforge.tflite;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpKind;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Padding;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.PadOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.ResizeNearestNeighborOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.TransposeOptionsT;

/**
 * The {@link OptionsCodec} of every {@link OpKind}: one entry per op, checked for completeness by a
 * test, so that adding an op to the IR cannot silently leave the file format behind.
 */
final class BuiltinOptionsTable {
    private static final Map<OpKind, OptionsCodec> CODECS = new EnumMap<>(OpKind.class);

    static {
        CODECS.put(OpKind.CONV_2D, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                OpParams.Conv2d p = op.params(OpParams.Conv2d.class);
                Conv2DOptionsT o = new Conv2DOptionsT();
                o.setPadding((byte) p.padding().tfliteCode());
                o.setStrideH(p.strideH());
                o.setStrideW(p.strideW());
                o.setDilationHFactor(p.dilationH());
                o.setDilationWFactor(p.dilationW());
                o.setFusedActivationFunction((byte) p.activation().tfliteCode());
                return union(BuiltinOptions.Conv2DOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                Conv2DOptionsT o = options(op, Conv2DOptionsT.class);
                return new OpParams.Conv2d(o.getStrideH(), o.getStrideW(), positive(o.getDilationHFactor()),
                        positive(o.getDilationWFactor()), padding(o.getPadding()),
                        activation(o.getFusedActivationFunction()));
            }
        });
        CODECS.put(OpKind.DEPTHWISE_CONV_2D, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                OpParams.DepthwiseConv2d p = op.params(OpParams.DepthwiseConv2d.class);
                DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
                o.setPadding((byte) p.padding().tfliteCode());
                o.setStrideH(p.strideH());
                o.setStrideW(p.strideW());
                o.setDilationHFactor(p.dilationH());
                o.setDilationWFactor(p.dilationW());
                o.setDepthMultiplier(p.depthMultiplier());
                o.setFusedActivationFunction((byte) p.activation().tfliteCode());
                return union(BuiltinOptions.DepthwiseConv2DOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                DepthwiseConv2DOptionsT o = options(op, DepthwiseConv2DOptionsT.class);
                return new OpParams.DepthwiseConv2d(o.getStrideH(), o.getStrideW(), positive(o.getDilationHFactor()),
                        positive(o.getDilationWFactor()), padding(o.getPadding()), o.getDepthMultiplier(),
                        activation(o.getFusedActivationFunction()));
            }
        });
        OptionsCodec pool = new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                OpParams.Pool2d p = op.params(OpParams.Pool2d.class);
                Pool2DOptionsT o = new Pool2DOptionsT();
                o.setPadding((byte) p.padding().tfliteCode());
                o.setStrideH(p.strideH());
                o.setStrideW(p.strideW());
                o.setFilterHeight(p.filterH());
                o.setFilterWidth(p.filterW());
                o.setFusedActivationFunction((byte) p.activation().tfliteCode());
                return union(BuiltinOptions.Pool2DOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                Pool2DOptionsT o = options(op, Pool2DOptionsT.class);
                return new OpParams.Pool2d(o.getFilterHeight(), o.getFilterWidth(), o.getStrideH(), o.getStrideW(),
                        padding(o.getPadding()), activation(o.getFusedActivationFunction()));
            }
        };
        CODECS.put(OpKind.AVERAGE_POOL_2D, pool);
        CODECS.put(OpKind.MAX_POOL_2D, pool);
        CODECS.put(OpKind.FULLY_CONNECTED, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                FullyConnectedOptionsT o = new FullyConnectedOptionsT();
                o.setFusedActivationFunction((byte) op.params(OpParams.FullyConnected.class).activation().tfliteCode());
                return union(BuiltinOptions.FullyConnectedOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                FullyConnectedOptionsT o = options(op, FullyConnectedOptionsT.class);
                if (o.getKeepNumDims()) {
                    throw new IllegalArgumentException("keep_num_dims=true is not supported (the IR's FULLY_CONNECTED "
                            + "output is [rows, Cout])");
                }
                if (o.getWeightsFormat() != 0) {
                    throw new IllegalArgumentException("weights format " + o.getWeightsFormat()
                            + " is not supported (only DEFAULT)");
                }
                if (o.getAsymmetricQuantizeInputs()) {
                    throw new IllegalArgumentException("asymmetric_quantize_inputs (hybrid model) is not supported");
                }
                return new OpParams.FullyConnected(activation(o.getFusedActivationFunction()));
            }
        });
        CODECS.put(OpKind.ADD, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                AddOptionsT o = new AddOptionsT();
                o.setFusedActivationFunction((byte) op.params(OpParams.Elementwise.class).activation().tfliteCode());
                return union(BuiltinOptions.AddOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                AddOptionsT o = options(op, AddOptionsT.class);
                return new OpParams.Elementwise(activation(o.getFusedActivationFunction()));
            }
        });
        CODECS.put(OpKind.MUL, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                MulOptionsT o = new MulOptionsT();
                o.setFusedActivationFunction((byte) op.params(OpParams.Elementwise.class).activation().tfliteCode());
                return union(BuiltinOptions.MulOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                MulOptionsT o = options(op, MulOptionsT.class);
                return new OpParams.Elementwise(activation(o.getFusedActivationFunction()));
            }
        });
        CODECS.put(OpKind.CONCATENATION, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                OpParams.Concatenation p = op.params(OpParams.Concatenation.class);
                ConcatenationOptionsT o = new ConcatenationOptionsT();
                o.setAxis(p.axis());
                o.setFusedActivationFunction((byte) p.activation().tfliteCode());
                return union(BuiltinOptions.ConcatenationOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                ConcatenationOptionsT o = options(op, ConcatenationOptionsT.class);
                return new OpParams.Concatenation(o.getAxis(), activation(o.getFusedActivationFunction()));
            }
        });
        CODECS.put(OpKind.MEAN, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                ReducerOptionsT o = new ReducerOptionsT();
                o.setKeepDims(op.params(OpParams.Mean.class).keepDims());
                return union(BuiltinOptions.ReducerOptions, o);
            }

            @Override
            public AttributeTensor attribute(Op op) {
                int[] axes = op.params(OpParams.Mean.class).axes();
                return new AttributeTensor("axes", new int[] {axes.length}, axes);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                ReducerOptionsT o = options(op, ReducerOptionsT.class);
                return new OpParams.Mean(required(attribute, "axes"), o.getKeepDims());
            }
        });
        CODECS.put(OpKind.RESHAPE, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                ReshapeOptionsT o = new ReshapeOptionsT();
                o.setNewShape(op.params(OpParams.Reshape.class).shape());
                return union(BuiltinOptions.ReshapeOptions, o);
            }

            @Override
            public AttributeTensor attribute(Op op) {
                int[] shape = op.params(OpParams.Reshape.class).shape();
                return new AttributeTensor("shape", new int[] {shape.length}, shape);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                int[] shape = attribute;
                if (shape == null) {
                    ReshapeOptionsT o = options(op, ReshapeOptionsT.class);
                    shape = o.getNewShape();
                }
                if (shape == null || shape.length == 0) {
                    throw new IllegalArgumentException("RESHAPE has neither a shape tensor nor new_shape options");
                }
                return new OpParams.Reshape(resolveWildcard(shape, inputShape));
            }
        });
        CODECS.put(OpKind.PAD, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                return union(BuiltinOptions.PadOptions, new PadOptionsT());
            }

            @Override
            public AttributeTensor attribute(Op op) {
                int[] p = op.params(OpParams.Pad.class).paddings();
                return new AttributeTensor("paddings", new int[] {p.length / 2, 2}, p);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                return new OpParams.Pad(required(attribute, "paddings"));
            }
        });
        CODECS.put(OpKind.TRANSPOSE, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                return union(BuiltinOptions.TransposeOptions, new TransposeOptionsT());
            }

            @Override
            public AttributeTensor attribute(Op op) {
                int[] perm = op.params(OpParams.Transpose.class).perm();
                return new AttributeTensor("perm", new int[] {perm.length}, perm);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                return new OpParams.Transpose(required(attribute, "perm"));
            }
        });
        CODECS.put(OpKind.RESIZE_NEAREST_NEIGHBOR, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                OpParams.ResizeNearest p = op.params(OpParams.ResizeNearest.class);
                ResizeNearestNeighborOptionsT o = new ResizeNearestNeighborOptionsT();
                o.setAlignCorners(p.alignCorners());
                o.setHalfPixelCenters(p.halfPixelCenters());
                return union(BuiltinOptions.ResizeNearestNeighborOptions, o);
            }

            @Override
            public AttributeTensor attribute(Op op) {
                OpParams.ResizeNearest p = op.params(OpParams.ResizeNearest.class);
                return new AttributeTensor("size", new int[] {2}, new int[] {p.height(), p.width()});
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                ResizeNearestNeighborOptionsT o = options(op, ResizeNearestNeighborOptionsT.class);
                int[] size = required(attribute, "size");
                if (size.length != 2) {
                    throw new IllegalArgumentException("size must have 2 values, got " + Arrays.toString(size));
                }
                return new OpParams.ResizeNearest(size[0], size[1], o.getAlignCorners(), o.getHalfPixelCenters());
            }
        });
        CODECS.put(OpKind.SOFTMAX, new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                SoftmaxOptionsT o = new SoftmaxOptionsT();
                o.setBeta(op.params(OpParams.Softmax.class).beta());
                return union(BuiltinOptions.SoftmaxOptions, o);
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                SoftmaxOptionsT o = options(op, SoftmaxOptionsT.class);
                return new OpParams.Softmax(o == null ? 1f : o.getBeta());
            }
        });
        OptionsCodec none = new OptionsCodec() {
            @Override
            public BuiltinOptionsUnion write(Op op) {
                return null;
            }

            @Override
            public OpParams read(OperatorT op, int[] attribute, int[] inputShape) {
                return new OpParams.None();
            }
        };
        for (OpKind k : new OpKind[] {OpKind.LOGISTIC, OpKind.HARD_SWISH, OpKind.RELU, OpKind.RELU6,
                OpKind.QUANTIZE, OpKind.DEQUANTIZE}) {
            CODECS.put(k, none);
        }
    }

    private BuiltinOptionsTable() {
    }

    /** The codec of an op kind. */
    static OptionsCodec codec(OpKind kind) {
        OptionsCodec c = CODECS.get(kind);
        if (c == null) {
            throw new IllegalStateException("no .tflite options codec for " + kind + " (see CONTRIBUTING.md)");
        }
        return c;
    }

    /** Kinds that have a codec (for the completeness test). */
    static java.util.Set<OpKind> covered() {
        return CODECS.keySet();
    }

    private static BuiltinOptionsUnion union(byte type, Object value) {
        BuiltinOptionsUnion u = new BuiltinOptionsUnion();
        u.setType(type);
        u.setValue(value);
        return u;
    }

    /** The op's options of the expected type; {@code null} when absent (TFLite then uses defaults). */
    private static <T> T options(OperatorT op, Class<T> type) {
        BuiltinOptionsUnion u = op.getBuiltinOptions();
        if (u == null || u.getValue() == null) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!type.isInstance(u.getValue())) {
            throw new IllegalArgumentException("options are " + BuiltinOptions.name(u.getType()) + ", expected "
                    + type.getSimpleName().replaceAll("T$", ""));
        }
        return type.cast(u.getValue());
    }

    private static Padding padding(byte code) {
        Padding p = Padding.fromTflite(code);
        if (p == null) {
            throw new IllegalArgumentException("padding " + code + " is not SAME or VALID");
        }
        return p;
    }

    private static Activation activation(byte code) {
        Activation a = Activation.fromTflite(code);
        if (a == null) {
            throw new IllegalArgumentException("fused activation "
                    + org.tensorflow.lite.schema.ActivationFunctionType.name(code)
                    + " is not supported (NONE, RELU and RELU6 are)");
        }
        return a;
    }

    private static int positive(int dilation) {
        return dilation <= 0 ? 1 : dilation;
    }

    private static int[] required(int[] attribute, String what) {
        if (attribute == null) {
            throw new IllegalArgumentException("the " + what + " input must be a constant int32 tensor");
        }
        return attribute;
    }

    private static int[] resolveWildcard(int[] shape, int[] inputShape) {
        long known = 1;
        int wildcard = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && wildcard < 0) {
                wildcard = i;
            } else {
                known *= shape[i];
            }
        }
        if (wildcard < 0) {
            return shape.clone();
        }
        long total = 1;
        for (int d : inputShape) {
            total *= d;
        }
        int[] out = shape.clone();
        out[wildcard] = known == 0 ? 0 : (int) (total / known);
        return out;
    }
}

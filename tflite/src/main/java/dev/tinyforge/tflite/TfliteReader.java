package dev.tinyforge.tflite;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ir.WeightedOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Reads a {@code .tflite} file into a {@link Graph}: any single-subgraph model whose ops, tensor types
 * and fused activations the IR has. Everything else is refused with a {@link ModelFormatException}
 * naming the file, the op (kind and operator index) or tensor, and what is supported.
 *
 * <p>Attribute tensors (MEAN axes, RESHAPE shape, PAD paddings, TRANSPOSE permutation, RESIZE size)
 * become op attributes and are dropped from the graph; a convolution or fully connected layer
 * without bias gets a zero bias named {@code <output>/bias}.
 */
public final class TfliteReader {
    /**
     * Metadata key of what the reader changed to make a file TFLite's interpreter accepts (one line per
     * change); absent when it changed nothing. Commands say so, and check against TFLite on
     * {@link TfliteWriter#write} of the graph instead of the file.
     */
    public static final String NORMALIZED = "tinyforge.normalized_on_import";

    private TfliteReader() {
    }

    public static Graph read(Path file) throws IOException {
        return read(ModelBytes.read(file), file.toString());
    }

    /**
     * Parses model bytes.
     *
     * @param source the file name, used in every error message
     */
    public static Graph read(byte[] bytes, String source) {
        TfliteVerifier.verify(bytes, source);
        ModelT model = parse(bytes, source);
        return new TfliteReader.Conversion(model, source).graph();
    }

    private static ModelT parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new ModelFormatException(source + ": " + bytes.length + " bytes is too short for a .tflite file; "
                    + "check that the file was written completely");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!Model.ModelBufferHasIdentifier(bb)) {
            throw new ModelFormatException(source + ": not a .tflite file (the flatbuffer identifier 'TFL3' is missing "
                    + "at byte 4); export the model again or check the path");
        }
        int root = bb.getInt(0);
        if (root < 8 || root >= bytes.length - 4) {
            throw new ModelFormatException(source + ": .tflite file is truncated or corrupt (root table offset "
                    + root + " outside " + bytes.length + " bytes)");
        }
        try {
            ModelT m = Model.getRootAsModel(bb).unpack();
            if (m.getVersion() != 3) {
                throw new ModelFormatException(source + ": schema version " + m.getVersion()
                        + " is not supported (expected 3)");
            }
            return m;
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Invalid UTF-8")) {
                // TFLite's verifier does not look inside strings; flatbuffers-java decodes them strictly
                throw new ModelFormatException(source + ": a name in the file (of a tensor, operator, subgraph or "
                        + "metadata entry) is not valid UTF-8; TinyForge reads names as UTF-8: rename it and export "
                        + "the model again");
            }
            throw corrupt(source, e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw corrupt(source, e);
        }
    }

    /**
     * The last resort for a file the verifier passed but flatbuffers-java cannot unpack. flatbuffers-java
     * has no verifier: a damaged file shows up as an out-of-range read or a nonsense vector length while
     * unpacking. The fuzz targets count this refusal as a finding (the verifier should have said why).
     */
    private static ModelFormatException corrupt(String source, Throwable e) {
        return new ModelFormatException(source + ": .tflite file is truncated or corrupt (" + e.getClass().getSimpleName()
                + " while reading the flatbuffer); export it again", e);
    }

    /** One model's translation into a graph. */
    private static final class Conversion {
        private final ModelT model;
        private final String source;
        private final SubGraphT sg;
        private final TensorT[] tensors;
        private final GraphBuilder builder;
        private final List<String> normalized = new ArrayList<>();
        private final List<Pending> prepared = new ArrayList<>();

        /**
         * An op read, awaiting its Prepare check: {@code fileInputs} inputs as the file lists them, and
         * {@code biasLeftOut} when the file gave no bias (listed as -1, or not listed).
         */
        private record Pending(Op op, int fileInputs, boolean biasLeftOut, String where) {
        }

        Conversion(ModelT model, String source) {
            this.model = model;
            this.source = source;
            SubGraphT[] subgraphs = model.getSubgraphs();
            if (subgraphs == null || subgraphs.length == 0) {
                throw fail("the model has no subgraph");
            }
            if (subgraphs.length > 1) {
                throw fail("the model has " + subgraphs.length + " subgraphs; TinyForge handles single-subgraph "
                        + "models (no control flow)");
            }
            sg = subgraphs[0];
            tensors = sg.getTensors() == null ? new TensorT[0] : sg.getTensors();
            builder = new GraphBuilder(sg.getName() == null || sg.getName().isEmpty() ? "model" : sg.getName());
        }

        private ModelFormatException fail(String message) {
            return new ModelFormatException(source + ": " + message);
        }

        Graph graph() {
            // TFLite loads such a model, but it computes nothing a caller can read: a damaged file, most likely
            if (sg.getOutputs() == null || sg.getOutputs().length == 0) {
                throw fail("the model has no outputs (subgraph 0 lists none); the file is damaged or not a "
                        + "model to run: export it again");
            }
            for (int in : sg.getInputs()) {
                Tensor t = tensor(in, "graph input");
                builder.input(t.name(), t.shape(), t.dtype(), t.quant());
            }
            OperatorT[] ops = sg.getOperators() == null ? new OperatorT[0] : sg.getOperators();
            for (int i = 0; i < ops.length; i++) {
                addOp(i, ops[i]);
            }
            List<String> outputs = new ArrayList<>();
            for (int out : sg.getOutputs()) {
                outputs.add(tensor(out, "graph output").name());
            }
            builder.outputs(outputs);
            readMetadata();
            if (!normalized.isEmpty()) {
                builder.metadata(NORMALIZED, String.join("\n", new java.util.LinkedHashSet<>(normalized)));
            }
            Graph g;
            try {
                g = builder.build();
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
            for (Pending p : prepared) {
                checkPrepare(g, p);
            }
            return g;
        }

        private void addOp(int index, OperatorT o) {
            OperatorCodeT[] codes = model.getOperatorCodes();
            if (codes == null || o.getOpcodeIndex() < 0 || o.getOpcodeIndex() >= codes.length) {
                throw fail("operator " + index + " refers to operator code " + o.getOpcodeIndex() + ", which does not exist");
            }
            OperatorCodeT code = codes[(int) o.getOpcodeIndex()];
            int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
            String opName = builtin >= 0 && builtin < 1000 ? safeName(builtin) : String.valueOf(builtin);
            if (builtin == BuiltinOperator.CUSTOM) {
                throw fail("operator " + index + " is the custom op '" + code.getCustomCode()
                        + "'; TinyForge supports builtin ops only: " + OpRegistry.names());
            }
            OpType kind = byBuiltin(builtin);
            if (kind == null) {
                throw fail("operator " + index + " is " + opName + ", which TinyForge does not support; supported: "
                        + OpRegistry.names());
            }
            TfliteCodec codec = (TfliteCodec) kind;
            if (code.getVersion() < 1 || code.getVersion() > codec.maxVersion()) {
                throw fail("operator " + index + " (" + kind + "): operator code " + o.getOpcodeIndex() + " has version "
                        + code.getVersion() + ", TFLite 2.20 has " + kind + " versions 1 to " + codec.maxVersion()
                        + "; re-export the model with TFLite's converter");
            }
            boolean weighted = kind instanceof WeightedOp;
            String where = "operator " + index + " (" + kind + ")";
            int[] in = o.getInputs() == null ? new int[0] : o.getInputs();
            int[] out = o.getOutputs() == null ? new int[0] : o.getOutputs();
            if (out.length != 1) {
                throw fail(where + " has " + out.length + " outputs, expected 1");
            }
            int dataInputs = codec.hasAttributeTensor() ? 1 : in.length;
            if (in.length < 1) {
                throw fail(where + " has no inputs");
            }
            List<String> names = new ArrayList<>();
            boolean biasLeftOut = false;
            for (int i = 0; i < Math.min(dataInputs, in.length); i++) {
                if (in[i] < 0 && weighted && i == WeightedOp.BIAS) {
                    biasLeftOut = true;
                    continue;
                }
                Tensor t = tensor(in[i], where + " input " + i);
                if (!builder.hasTensor(t.name())) {
                    builder.tensor(t);
                } else if (!builder.tensor(t.name()).equals(t)) {
                    throw fail(where + ": two different tensors are named '" + t.name() + "'");
                }
                names.add(t.name());
            }
            Tensor output = tensor(out[0], where + " output");
            if (weighted && names.size() == WeightedOp.BIAS) {
                biasLeftOut = true;
                names.add(zeroBias((WeightedOp) kind, names, output, where).name());
            }
            int[] attribute = null;
            if (codec.hasAttributeTensor() && in.length > 1) {
                attribute = attributeValues(in[1], where);
            }
            OpParams params;
            try {
                params = codec.readOptions(o, attribute, builder.tensor(names.get(0)).shape());
            } catch (IllegalArgumentException e) {
                throw fail(where + ": " + e.getMessage());
            }
            builder.tensor(output);
            Op op = new Op(kind, names, List.of(output.name()), params);
            try {
                builder.op(op);
            } catch (IllegalArgumentException e) {
                throw fail(where + ": " + e.getMessage());
            }
            prepared.add(new Pending(op, Math.min(dataInputs, in.length), biasLeftOut, where));
        }

        /**
         * What TFLite's kernel checks at Prepare: the op's {@link KernelPrepare} facet, asked once the graph is
         * built (every shape rule has passed, so the facet may read the dimensions its shape rule checked).
         */
        private void checkPrepare(Graph g, Pending pending) {
            Op op = pending.op();
            String where = pending.where();
            List<Tensor> inputs = new ArrayList<>();
            for (int i = 0; i < Math.min(pending.fileInputs(), op.inputs().size()); i++) {
                inputs.add(pending.biasLeftOut() && i == WeightedOp.BIAS ? null : g.tensor(op.input(i)));
            }
            Tensor output = g.tensor(op.output());
            if (op.kind() instanceof KernelPrepare prepare) {
                String problem = prepare.prepareProblem(op, inputs, output);
                if (problem != null) {
                    throw fail(where + ": " + problem + " (TFLite's " + op.kind() + " kernel refuses it when "
                            + "preparing the op); re-quantize or re-export the model");
                }
            }
        }

        private Tensor zeroBias(WeightedOp kind, List<String> names, Tensor output, String where) {
            Tensor input = builder.tensor(names.get(0));
            Tensor filter = builder.tensor(names.get(WeightedOp.WEIGHTS));
            int axis = kind.channelDimension();
            if (axis < 0 ? filter.rank() < -axis : filter.rank() <= axis) {
                // found by fuzzing: a rank-0 weight without a bias reached past its shape
                throw fail(where + ": weights '" + filter.name() + "' have shape " + Arrays.toString(filter.shape())
                        + ", too few dimensions to hold the output channels (dimension " + axis + "); "
                        + "export the model again");
            }
            int channels = filter.dim(axis);
            String name = builder.uniqueName(output.name() + "/bias");
            Tensor bias;
            if (filter.dtype() == DType.INT8 && input.quant() != null && filter.quant() != null) {
                float[] scales = new float[channels];
                for (int c = 0; c < channels; c++) {
                    scales[c] = (float) ((double) input.quant().scale() * filter.quant().scale(c));
                }
                // 16x8 layers (int16 input) take int64 biases, as TFLite's kernels require
                bias = input.dtype() == DType.INT16
                        ? Tensor.constInt64(name, new int[] {channels}, new long[channels], Quant.perChannel(scales, 0))
                        : Tensor.constInt32(name, new int[] {channels}, new int[channels], Quant.perChannel(scales, 0));
            } else {
                bias = Tensor.constFloat(name, new int[] {channels}, new float[channels]);
            }
            return builder.tensor(bias);
        }

        private int[] attributeValues(int index, String where) {
            Tensor t = tensor(index, where + " attribute");
            if (!t.isConstant() || t.dtype() != DType.INT32) {
                throw fail(where + ": attribute tensor '" + t.name() + "' must be a constant int32 tensor "
                        + "(dynamic shapes are not supported)");
            }
            return t.ints();
        }

        private Tensor tensor(int index, String role) {
            if (index < 0 || index >= tensors.length) {
                throw fail(role + " refers to tensor " + index + ", but the model has " + tensors.length);
            }
            TensorT t = tensors[index];
            String name = t.getName() == null || t.getName().isEmpty() ? "tensor_" + index : t.getName();
            DType dtype = DType.fromTflite(t.getType());
            if (dtype == null) {
                throw fail("tensor " + index + " '" + name + "' (" + role + ") has type " + typeName(t.getType())
                        + "; TinyForge supports FLOAT32, INT32, INT64, INT16 and INT8");
            }
            if (t.getSparsity() != null) {
                throw fail("tensor " + index + " '" + name + "' is sparse; TinyForge needs dense tensors");
            }
            int[] shape = t.getShape() == null ? new int[0] : t.getShape();
            for (int d : shape) {
                if (d <= 0) {
                    throw fail("tensor " + index + " '" + name + "' has shape " + Arrays.toString(shape)
                            + "; dimensions must be positive (dynamic shapes are not supported)");
                }
            }
            byte[] data = null;
            BufferT[] buffers = model.getBuffers();
            long b = t.getBuffer();
            if (b != 0) {
                if (buffers == null || b < 0 || b >= buffers.length) {
                    throw fail("tensor " + index + " '" + name + "' refers to buffer " + b + ", which does not exist");
                }
                int[] raw = buffers[(int) b].getData();
                if (raw != null && raw.length > 0) {
                    data = new byte[raw.length];
                    for (int i = 0; i < raw.length; i++) {
                        data[i] = (byte) raw[i];
                    }
                }
            }
            Quant quant = quant(t.getQuantization(), name, index, shape.length);
            try {
                return new Tensor(name, shape, dtype, quant, data);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        private Quant quant(QuantizationParametersT q, String name, int index, int rank) {
            if (q == null || q.getScale() == null || q.getScale().length == 0) {
                return null;
            }
            long[] zp = q.getZeroPoint();
            if (zp == null || zp.length != q.getScale().length) {
                throw fail("tensor " + index + " '" + name + "' has " + q.getScale().length + " scales but "
                        + (zp == null ? 0 : zp.length) + " zero points");
            }
            int dim = q.getQuantizedDimension();
            if (q.getScale().length == 1 && rank > 0 && (dim < 0 || dim >= rank)) {
                // TFLM ignores the dimension of a per-tensor quantization; desktop TFLite's InterpreterBuilder
                // refuses one outside the tensor's rank (TFLM's person_detect.tflite has such a weight)
                normalized.add("tensor " + index + " '" + name + "': per-tensor quantization with quantized_dimension "
                        + dim + " (rank " + rank + ") read as dimension 0; TFLite refuses it, TFLM ignores it");
                return new Quant(q.getScale(), zp, 0);
            }
            return new Quant(q.getScale(), zp, q.getQuantizedDimension());
        }

        private void readMetadata() {
            MetadataT[] metadata = model.getMetadata();
            if (metadata == null) {
                return;
            }
            for (MetadataT m : metadata) {
                if (TfliteWriter.METADATA_NAME.equals(m.getName())) {
                    BufferT[] buffers = model.getBuffers();
                    if (m.getBuffer() < 0 || buffers == null || m.getBuffer() >= buffers.length) {
                        throw fail("metadata '" + m.getName() + "' refers to buffer " + m.getBuffer()
                                + ", which does not exist");
                    }
                    int[] raw = buffers[(int) m.getBuffer()].getData();
                    byte[] bytes = new byte[raw == null ? 0 : raw.length];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) raw[i];
                    }
                    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            builder.metadata(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
                        }
                    }
                }
            }
        }
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'e' ? '=' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The op with a builtin code, or {@code null} when TinyForge does not have it. */
    static OpType byBuiltin(int builtin) {
        for (OpType t : OpRegistry.with(TfliteCodec.class)) {
            if (((TfliteCodec) t).builtinCode() == builtin) {
                return t;
            }
        }
        return null;
    }

    private static String safeName(int builtin) {
        try {
            return BuiltinOperator.name(builtin);
        } catch (RuntimeException e) {
            return "builtin op " + builtin;
        }
    }

    private static String typeName(byte type) {
        try {
            return TensorType.name(type);
        } catch (RuntimeException e) {
            return "type " + type;
        }
    }
}

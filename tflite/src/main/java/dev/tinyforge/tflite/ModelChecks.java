package dev.tinyforge.tflite;

import dev.tinyforge.tflite.TfliteVerifierException.Stage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The model-level checks that need no knowledge of individual ops, run on a file whose flatbuffer
 * {@link FlatBufferChecker} has verified.
 *
 * <p>Each check is one TFLite 2.20 makes when it builds an interpreter (and reports as an error), or one
 * whose absence lets TFLite abort the JVM later (an int8 tensor with zero points but no scale, a scale
 * that is zero or NaN): TinyForge refuses such files before TFLite or its own reader sees them. Checks
 * mirror TFLite's conditions so that no model TFLite loads is refused, with two deliberate exceptions
 * named where they are made.
 *
 * <p>The work is linear in the number of tables visited (which the structural check bounds) plus the
 * size of the file: vectors that many tables share (one shape or scale vector for a million tensors)
 * are checked once.
 */
final class ModelChecks {
    private static final FlatBufferSchema S = TfliteSchema.SCHEMA;
    private static final int MODEL_VERSION = id("Model", "version");
    private static final int MODEL_OPCODES = id("Model", "operator_codes");
    private static final int MODEL_SUBGRAPHS = id("Model", "subgraphs");
    private static final int MODEL_BUFFERS = id("Model", "buffers");
    private static final int SUBGRAPH_TENSORS = id("SubGraph", "tensors");
    private static final int SUBGRAPH_INPUTS = id("SubGraph", "inputs");
    private static final int SUBGRAPH_OUTPUTS = id("SubGraph", "outputs");
    private static final int SUBGRAPH_OPERATORS = id("SubGraph", "operators");
    private static final int OP_OPCODE = id("Operator", "opcode_index");
    private static final int OP_INPUTS = id("Operator", "inputs");
    private static final int OP_OUTPUTS = id("Operator", "outputs");
    private static final int OP_INTERMEDIATES = id("Operator", "intermediates");
    private static final int TENSOR_SHAPE = id("Tensor", "shape");
    private static final int TENSOR_TYPE = id("Tensor", "type");
    private static final int TENSOR_BUFFER = id("Tensor", "buffer");
    private static final int TENSOR_NAME = id("Tensor", "name");
    private static final int TENSOR_QUANT = id("Tensor", "quantization");
    private static final int TENSOR_SPARSITY = id("Tensor", "sparsity");
    private static final int QUANT_SCALE = id("QuantizationParameters", "scale");
    private static final int QUANT_ZERO_POINT = id("QuantizationParameters", "zero_point");
    private static final int QUANT_DIMENSION = id("QuantizationParameters", "quantized_dimension");
    private static final int BUFFER_DATA = id("Buffer", "data");
    private static final int BUFFER_OFFSET = id("Buffer", "offset");
    private static final int BUFFER_SIZE = id("Buffer", "size");

    /** TFLite's "no tensor" index in operator and subgraph input/output lists. */
    private static final int OPTIONAL_TENSOR = -1;

    private static final String REEXPORT = "re-export the model";
    /** Bytes of a tensor name read for a message. */
    private static final int MAX_NAME_BYTES = 256;

    private final FlatBufferView v;
    private final String source;
    private final Map<Integer, Long> elementsByShape = new HashMap<>();
    private final Set<Integer> checkedScales = new HashSet<>();
    private final Set<Long> checkedIndexLists = new HashSet<>();
    private int bufferCount;
    private int buffers;

    ModelChecks(byte[] bytes, String source) {
        this.v = new FlatBufferView(bytes);
        this.source = source;
    }

    private static int id(String table, String field) {
        return S.table(table).field(field).id();
    }

    void check() {
        int model = v.root();
        long version = v.u32Field(model, MODEL_VERSION, 0);
        if (version != TfliteSchema.VERSION) {
            throw fail("schema version", "model", "schema version " + version + ", TFLite reads version "
                    + TfliteSchema.VERSION, "re-export the model with a current TFLite converter");
        }
        int subgraphs = v.ref(model, MODEL_SUBGRAPHS);
        if (v.length(subgraphs) == 0) {
            throw fail("no subgraph", "model", "no subgraph, TFLite needs at least one", REEXPORT);
        }
        buffers = v.ref(model, MODEL_BUFFERS);
        if (buffers == 0) {
            throw fail("no buffers", "model", "no buffers vector, TFLite needs one (with the empty buffer 0)",
                    REEXPORT);
        }
        bufferCount = v.length(buffers);
        for (int b = 0; b < bufferCount; b++) {
            externalBytes(b, "buffer " + b);
        }
        int opcodes = v.length(v.ref(model, MODEL_OPCODES));
        for (int s = 0; s < v.length(subgraphs); s++) {
            subgraph(s, v.tableAt(subgraphs, s), opcodes);
        }
    }

    private void subgraph(int s, int sg, int opcodes) {
        String where = "subgraph " + s;
        int tensors = v.ref(sg, SUBGRAPH_TENSORS);
        if (tensors == 0) {
            throw fail("no tensors", where, "no tensors vector, TFLite needs one", REEXPORT);
        }
        int count = v.length(tensors);
        indices(v.ref(sg, SUBGRAPH_INPUTS), count, where + " inputs");
        indices(v.ref(sg, SUBGRAPH_OUTPUTS), count, where + " outputs");
        int operators = v.ref(sg, SUBGRAPH_OPERATORS);
        for (int k = 0; k < v.length(operators); k++) {
            int op = v.tableAt(operators, k);
            String opWhere = where + " operator " + k;
            long opcode = v.u32Field(op, OP_OPCODE, 0);
            if (opcode >= opcodes) {
                throw fail("opcode index out of range", opWhere, "operator code index " + opcode
                        + " is out of range, the model has " + opcodes + " operator codes", REEXPORT);
            }
            indices(v.ref(op, OP_INPUTS), count, opWhere + " inputs");
            indices(v.ref(op, OP_OUTPUTS), count, opWhere + " outputs");
            indices(v.ref(op, OP_INTERMEDIATES), count, opWhere + " intermediates");
        }
        for (int t = 0; t < count; t++) {
            tensor(v.tableAt(tensors, t), where + " tensor " + t);
        }
    }

    /** Tensor indices: each within the subgraph's tensors, or -1 (TFLite allows it in every list). */
    private void indices(int vec, int tensorCount, String where) {
        if (vec == 0 || !checkedIndexLists.add((long) vec << 32 | tensorCount)) {
            return;
        }
        for (int i = 0; i < v.length(vec); i++) {
            int index = v.i32(FlatBufferView.element(vec, i, 4));
            if (index != OPTIONAL_TENSOR && (index < 0 || index >= tensorCount)) {
                throw fail("tensor index out of range", where + "[" + i + "]", "tensor index " + index
                        + " is out of range, the subgraph has " + tensorCount + " tensors", REEXPORT);
            }
        }
    }

    private void tensor(int t, String where) {
        int type = v.u8Field(t, TENSOR_TYPE, 0);
        int shape = v.ref(t, TENSOR_SHAPE);
        long elements = elements(shape, t, where);
        int quant = v.ref(t, TENSOR_QUANT);
        if (quant != 0) {
            quantization(quant, type, shape, t, where);
        }
        long buffer = v.u32Field(t, TENSOR_BUFFER, 0);
        if (buffer == 0) {
            return;
        }
        if (buffer >= bufferCount) {
            throw fail("buffer index out of range", named(t, where), "buffer index " + buffer
                    + " is out of range, the model has " + bufferCount + " buffers", REEXPORT);
        }
        long bytes = constantBytes((int) buffer);
        int elementSize = TensorTypes.size(type);
        if (bytes > 0 && elementSize > 0 && v.ref(t, TENSOR_SPARSITY) == 0) {
            long needed = multiply(elements, elementSize);
            // TFLite accepts a longer buffer (it checks required <= bytes), so only a short one is refused.
            if (needed < 0 || bytes < needed) {
                throw fail("buffer too short", named(t, where), "its buffer " + buffer + " holds " + bytes
                        + " bytes, but shape " + shapeText(shape) + " of " + TensorTypes.name(type) + " needs "
                        + (needed < 0 ? "more than 2^63" : needed), REEXPORT);
            }
        }
    }

    /**
     * "subgraph 0 tensor 12 'conv1/weights'": the tensor's name is read only for a message, since one
     * long name may be shared by a million tensors.
     */
    private String named(int tensor, String where) {
        String name = v.string(v.ref(tensor, TENSOR_NAME), MAX_NAME_BYTES);
        return name == null ? where : where + " '" + FieldPath.clean(name) + "'";
    }

    /** The element count of a shape: dims must be >= 0 and their product must fit in 63 bits. */
    private long elements(int shape, int tensor, String where) {
        Long known = elementsByShape.get(shape);
        if (known != null) {
            return known;
        }
        long n = 1;
        for (int i = 0; i < v.length(shape); i++) {
            int d = v.i32(FlatBufferView.element(shape, i, 4));
            if (d < 0) {
                throw fail("negative dimension", named(tensor, where) + " shape", "dimension " + i + " is " + d
                        + " (shape " + shapeText(shape) + "); TFLite cannot size such a tensor (an unknown "
                        + "dimension belongs in shape_signature)", REEXPORT);
            }
            n = multiply(n, d);
            if (n < 0) {
                throw fail("shape overflow", named(tensor, where) + " shape", "shape " + shapeText(shape)
                        + " has more elements than fit in 64 bits", REEXPORT);
            }
        }
        elementsByShape.put(shape, n);
        return n;
    }

    /**
     * TFLite's quantization rules (scale and zero point of equal length, per-channel scales matching a
     * dimension within the rank), plus, for integer tensors, what its kernels assume without checking:
     * a scale for every zero point, and scales that are finite and positive.
     *
     * <p>Exception: one scale with a {@code quantized_dimension} outside the rank is accepted although
     * TFLite refuses it (with an error, not an abort): such per-tensor weights occur in published models
     * that TFLite Micro runs, and the importer normalizes them.
     */
    private void quantization(int q, int type, int shape, int tensor, String tensorWhere) {
        Supplier<String> where = () -> named(tensor, tensorWhere) + " quantization";
        int scale = v.ref(q, QUANT_SCALE);
        int zeroPoint = v.ref(q, QUANT_ZERO_POINT);
        int scales = v.length(scale);
        int zeroPoints = v.length(zeroPoint);
        boolean integer = TensorTypes.isInteger(type);
        if (scales == 0) {
            if (zeroPoints > 0 && integer) {
                throw fail("zero point without scale", where.get() + ".scale", "empty while zero_point has "
                        + zeroPoints + (zeroPoints == 1 ? " value" : " values") + " (TFLite would read the "
                        + TensorTypes.name(type) + " tensor as unquantized; its kernels fail on it, some abort the "
                        + "process)", REEXPORT);
            }
            return;
        }
        if (zeroPoints != scales) {
            throw fail("zero point count", where.get() + ".zero_point", zeroPoints + " values for " + scales
                    + " scales; TFLite needs the same number", REEXPORT);
        }
        int dimension = v.i32Field(q, QUANT_DIMENSION, 0);
        int rank = v.length(shape);
        if (scales > 1) {
            if (dimension < 0 || (rank > 0 && dimension >= rank)) {
                throw fail("quantized dimension out of range", where.get() + ".quantized_dimension", dimension
                        + " is outside the tensor's " + rank + " dimensions (shape " + shapeText(shape) + ")",
                        REEXPORT);
            }
            if (rank > 0) {
                int size = v.i32(FlatBufferView.element(shape, dimension, 4));
                if (size != scales) {
                    throw fail("per-channel count", where.get() + ".scale", scales + " scales for dimension "
                            + dimension + " of size " + size + " (shape " + shapeText(shape) + "); per-channel "
                            + "quantization needs one per element of that dimension", REEXPORT);
                }
            }
        }
        if (integer && checkedScales.add(scale)) {
            for (int i = 0; i < scales; i++) {
                float s = v.f32(FlatBufferView.element(scale, i, 4));
                if (!(s > 0) || Float.isInfinite(s)) {
                    throw fail("scale not positive", where.get() + ".scale[" + i + "]", "scale " + s
                            + " of a " + TensorTypes.name(type) + " tensor; a scale must be finite and > 0", REEXPORT);
                }
            }
        }
    }

    /** The bytes of a constant: the data vector's length, else the bytes stored outside the flatbuffer. */
    private long constantBytes(int b) {
        int data = v.ref(v.tableAt(buffers, b), BUFFER_DATA);
        int n = v.length(data);
        return n > 0 ? n : externalBytes(b, "buffer " + b);
    }

    /**
     * Bytes a buffer keeps after the flatbuffer (models over 2 GB): TFLite uses {@code offset} and
     * {@code size} when the data vector is empty and {@code offset > 1}; they must stay within the file.
     */
    private long externalBytes(int b, String where) {
        int buffer = v.tableAt(buffers, b);
        if (v.length(v.ref(buffer, BUFFER_DATA)) > 0) {
            return 0;
        }
        long offset = v.u64Field(buffer, BUFFER_OFFSET);
        long size = v.u64Field(buffer, BUFFER_SIZE);
        if (Long.compareUnsigned(offset, 1) <= 0 || size == 0) {
            return 0;
        }
        long end = offset + size;
        if (Long.compareUnsigned(end, offset) < 0 || Long.compareUnsigned(end, v.size()) > 0) {
            throw fail("buffer outside the file", where, "offset " + Long.toUnsignedString(offset) + " + size "
                    + Long.toUnsignedString(size) + " runs past the end of the file (" + v.size() + " bytes)",
                    "the file is truncated or corrupted; copy it again or re-export the model");
        }
        return size;
    }

    private static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? -1 : low;
    }

    private String shapeText(int shape) {
        StringBuilder sb = new StringBuilder("[");
        int n = v.length(shape);
        for (int i = 0; i < Math.min(n, 8); i++) {
            sb.append(i == 0 ? "" : ", ").append(v.i32(FlatBufferView.element(shape, i, 4)));
        }
        return sb.append(n > 8 ? ", ... (" + n + " dimensions)]" : "]").toString();
    }

    private TfliteVerifierException fail(String rule, String where, String what, String todo) {
        return new TfliteVerifierException(Stage.MODEL, rule, source + ": " + where + ": " + what + "; " + todo);
    }
}

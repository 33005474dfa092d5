package dev.tinyforge.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Writes a {@link Graph} as a {@code .tflite} flatbuffer (schema version 3, identifier {@code TFL3}).
 *
 * <p>The layout is canonical, whatever order the graph lists its tensors in: graph inputs first,
 * then per op its not-yet-written inputs, its attribute tensor (MEAN axes, RESHAPE shape, …, named
 * {@code <output>/<suffix>}) and its outputs. Buffer 0 is the empty sentinel and every constant has
 * its own buffer. The graph's metadata goes into a model metadata entry named {@value #METADATA_NAME}
 * holding {@code key=value} lines (backslash and newline escaped as {@code \\} and {@code \n}). So
 * writing is deterministic and {@code write(read(write(g)))} equals {@code write(g)} byte for byte.
 */
public final class TfliteWriter {
    /** Name of the model metadata entry that carries the graph's metadata. */
    public static final String METADATA_NAME = "tinyforge";
    /** The model description TinyForge writes. */
    public static final String DESCRIPTION = "TinyForge";

    private TfliteWriter() {
    }

    public static byte[] write(Graph g) {
        List<TensorT> tensors = new ArrayList<>();
        List<BufferT> buffers = new ArrayList<>();
        buffers.add(buffer(new byte[0]));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String in : g.inputs()) {
            add(g.tensor(in), tensors, buffers, index);
        }
        List<OperatorCodeT> codes = new ArrayList<>();
        Map<String, Integer> codeIndex = new LinkedHashMap<>();
        List<OperatorT> operators = new ArrayList<>();
        for (Op op : g.ops()) {
            TfliteCodec codec = codec(op.kind());
            List<Integer> inputs = new ArrayList<>();
            for (String n : op.inputs()) {
                inputs.add(add(g.tensor(n), tensors, buffers, index));
            }
            AttributeTensor attr = codec.attribute(op);
            if (attr != null) {
                inputs.add(addAttribute(op.output() + "/" + attr.suffix(), attr, tensors, buffers));
            }
            int[] outputs = new int[op.outputs().size()];
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = add(g.tensor(op.outputs().get(i)), tensors, buffers, index);
            }
            DType in = g.tensor(op.input(0)).dtype();
            DType out = g.tensor(op.output()).dtype();
            int version = in == DType.INT16 || out == DType.INT16 ? codec.int16Version()
                    : in == DType.INT8 || out == DType.INT8 ? codec.int8Version() : 1;
            String key = op.kind().name() + "/" + version;
            Integer code = codeIndex.get(key);
            if (code == null) {
                code = codes.size();
                codeIndex.put(key, code);
                codes.add(operatorCode(codec, version));
            }
            OperatorT o = new OperatorT();
            o.setOpcodeIndex(code);
            o.setInputs(inputs.stream().mapToInt(Integer::intValue).toArray());
            o.setOutputs(outputs);
            o.setBuiltinOptions(codec.writeOptions(op));
            operators.add(o);
        }
        SubGraphT sg = new SubGraphT();
        sg.setName(g.name());
        sg.setTensors(tensors.toArray(new TensorT[0]));
        sg.setInputs(g.inputs().stream().mapToInt(index::get).toArray());
        sg.setOutputs(g.outputs().stream().mapToInt(index::get).toArray());
        sg.setOperators(operators.toArray(new OperatorT[0]));

        ModelT m = new ModelT();
        m.setVersion(3);
        m.setDescription(DESCRIPTION);
        m.setOperatorCodes(codes.toArray(new OperatorCodeT[0]));
        m.setSubgraphs(new SubGraphT[] {sg});
        if (!g.metadata().isEmpty()) {
            MetadataT meta = new MetadataT();
            meta.setName(METADATA_NAME);
            meta.setBuffer(buffers.size());
            buffers.add(buffer(encodeMetadata(g.metadata())));
            m.setMetadata(new MetadataT[] {meta});
        }
        m.setBuffers(buffers.toArray(new BufferT[0]));

        FlatBufferBuilder fb = new FlatBufferBuilder(1024);
        int root = Model.pack(fb, m);
        Model.finishModelBuffer(fb, root);
        return fb.sizedByteArray();
    }

    private static int add(Tensor t, List<TensorT> tensors, List<BufferT> buffers, Map<String, Integer> index) {
        Integer existing = index.get(t.name());
        if (existing != null) {
            return existing;
        }
        TensorT tt = new TensorT();
        tt.setName(t.name());
        tt.setShape(t.shape());
        tt.setType((byte) t.dtype().tfliteCode());
        if (t.isConstant()) {
            tt.setBuffer(buffers.size());
            buffers.add(buffer(t.data()));
        } else {
            tt.setBuffer(0);
        }
        Quant q = t.quant();
        if (q != null) {
            QuantizationParametersT qp = new QuantizationParametersT();
            qp.setScale(q.scales());
            qp.setZeroPoint(q.zeroPoints());
            qp.setQuantizedDimension(q.dimension());
            tt.setQuantization(qp);
        }
        index.put(t.name(), tensors.size());
        tensors.add(tt);
        return tensors.size() - 1;
    }

    private static int addAttribute(String name, AttributeTensor attr, List<TensorT> tensors, List<BufferT> buffers) {
        ByteBuffer b = ByteBuffer.allocate(attr.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(attr.values());
        TensorT tt = new TensorT();
        tt.setName(name);
        tt.setShape(attr.shape());
        tt.setType((byte) DType.INT32.tfliteCode());
        tt.setBuffer(buffers.size());
        buffers.add(buffer(b.array()));
        tensors.add(tt);
        return tensors.size() - 1;
    }

    /** The op's codec facet, or an error for an op that cannot be written. */
    static TfliteCodec codec(OpType kind) {
        if (!(kind instanceof TfliteCodec c)) {
            throw new IllegalStateException(kind + " has no .tflite codec (see CONTRIBUTING.md)");
        }
        return c;
    }

    private static OperatorCodeT operatorCode(TfliteCodec kind, int version) {
        OperatorCodeT c = new OperatorCodeT();
        c.setBuiltinCode(kind.builtinCode());
        // Readers older than schema 3a only look at the deprecated byte field; 127 means "see builtin_code".
        c.setDeprecatedBuiltinCode((byte) Math.min(kind.builtinCode(), 127));
        c.setVersion(version);
        return c;
    }

    private static BufferT buffer(byte[] data) {
        BufferT b = new BufferT();
        int[] unsigned = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            unsigned[i] = data[i] & 0xff;
        }
        b.setData(unsigned);
        return b;
    }

    static byte[] encodeMetadata(Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder();
        metadata.forEach((k, v) -> sb.append(escape(k)).append('=').append(escape(v)).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\e");
    }
}

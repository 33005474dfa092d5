package dev.tinyforge.runtime.tflite;

import dev.tinyforge.ir.DType;
import dev.tinyforge.runtime.InputCheck;
import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.tflite.ModelFormatException;
import dev.tinyforge.tflite.TfliteVerifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * The TFLite interpreter behind the {@link Runner} interface: TinyForge's oracle for int8 semantics.
 *
 * <p>With {@link RunnerOptions#reference()} it uses {@code BuiltinOpResolverWithoutDefaultDelegates}
 * and one thread, i.e. TFLite's built-in kernels only. XNNPACK (through {@code BuiltinOpResolver},
 * whose default delegate it is) is a performance anchor, never the oracle: it differs by one LSB on
 * some int8 outputs.
 *
 * <p>TFLite's {@code FlatBufferModel} does not copy the buffer it is built from, so the model bytes
 * are copied into native memory owned by this object and freed only after the interpreter and the
 * model are.
 */
public final class TfliteRunner implements Runner {
    private final String source;
    private final BytePointer modelBytes;
    private final FlatBufferModel model;
    private final OpResolver resolver;
    private final Interpreter interpreter;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    private boolean closed;

    static {
        // Loads the TFLite JNI library, which also carries JavaCPP's own natives used by BytePointer.
        Loader.load(tensorflowlite.class);
    }

    public TfliteRunner(byte[] modelData, String source, RunnerOptions options) {
        this.source = source;
        if (modelData.length < 8) {
            throw new ModelLoadException(source + ": " + modelData.length
                    + " bytes is too short to be a .tflite model; check the file");
        }
        try {
            // Ours first: TFLite must never see a file its kernels could abort the JVM on.
            TfliteVerifier.verify(modelData, source);
        } catch (ModelFormatException e) {
            throw new ModelLoadException(e.getMessage());
        }
        modelBytes = new BytePointer(modelData.length);
        modelBytes.put(modelData);
        model = FlatBufferModel.VerifyAndBuildFromBuffer(modelBytes, modelData.length);
        if (model == null || model.isNull()) {
            modelBytes.close();
            throw new ModelLoadException(source + ": TFLite's verifier rejected the file (not a valid .tflite "
                    + "flatbuffer); re-export it");
        }
        resolver = options.xnnpack() ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
        // InterpreterBuilder fills a std::unique_ptr out-parameter: JavaCPP wants a null Interpreter to receive it.
        interpreter = new Interpreter((Pointer) null);
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        try {
            builder.SetNumThreads(options.threads());
            if (builder.apply(interpreter) != tensorflowlite.kTfLiteOk || interpreter.isNull()) {
                release();
                throw new ModelLoadException(source + ": TFLite refused the model while building its interpreter "
                        + "(TFLite's own reason is the line it printed just above)");
            }
        } finally {
            builder.close();
        }
        if (interpreter.AllocateTensors() != tensorflowlite.kTfLiteOk) {
            release();
            throw new ModelLoadException(source + ": TFLite refused the model while preparing its tensors "
                    + "(TFLite's own reason is the line it printed just above)");
        }
        inputs = describe(interpreter.inputs());
        outputs = describe(interpreter.outputs());
    }

    private List<TensorInfo> describe(IntPointer indices) {
        // JavaCPP maps the interpreter's std::vector<int> to a pointer whose limit is the vector's size, and an
        // empty vector to null (a model without inputs or outputs: found by fuzzing)
        int count = indices == null ? 0 : (int) indices.limit();
        List<TensorInfo> infos = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            infos.add(info(interpreter.tensor(indices.get(i))));
        }
        return List.copyOf(infos);
    }

    private TensorInfo info(TfLiteTensor t) {
        TfLiteIntArray dims = t.dims();
        int[] shape = new int[dims.size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = dims.data(d);
        }
        DType dtype = dtypeOf(t.type());
        String name = t.name() == null ? "" : t.name().getString();
        return new TensorInfo(name, shape, dtype, t.params().scale(), t.params().zero_point());
    }

    private DType dtypeOf(int tfliteType) {
        if (tfliteType == tensorflowlite.kTfLiteFloat32) {
            return DType.FLOAT32;
        }
        if (tfliteType == tensorflowlite.kTfLiteInt8) {
            return DType.INT8;
        }
        if (tfliteType == tensorflowlite.kTfLiteInt32) {
            return DType.INT32;
        }
        if (tfliteType == tensorflowlite.kTfLiteInt16) {
            return DType.INT16;
        }
        throw new ModelLoadException(source + ": model input/output type " + tfliteType
                + " is not supported (TinyForge runs int8, int16, int32 and float32 tensors)");
    }

    @Override
    public String backend() {
        return "tflite";
    }

    @Override
    public List<TensorInfo> inputs() {
        return inputs;
    }

    @Override
    public List<TensorInfo> outputs() {
        return outputs;
    }

    @Override
    public List<byte[]> run(List<byte[]> data) {
        if (closed) {
            throw new IllegalStateException(source + ": runner is closed");
        }
        InputCheck.require(source, inputs, data);
        for (int i = 0; i < data.size(); i++) {
            tensorBytes(interpreter.input_tensor(i), inputs.get(i).sizeBytes()).put(data.get(i));
        }
        if (interpreter.Invoke() != tensorflowlite.kTfLiteOk) {
            throw new ModelLoadException(source + ": TFLite failed to run the model (see its message above)");
        }
        List<byte[]> out = new ArrayList<>(outputs.size());
        for (int o = 0; o < outputs.size(); o++) {
            byte[] bytes = new byte[(int) outputs.get(o).sizeBytes()];
            tensorBytes(interpreter.output_tensor(o), bytes.length).get(bytes);
            out.add(bytes);
        }
        return out;
    }

    /** Copies the buffers straight into and out of the interpreter's tensors, with no byte[] between. */
    @Override
    public void run(ByteBuffer[] in, ByteBuffer[] out) {
        if (closed) {
            throw new IllegalStateException(source + ": runner is closed");
        }
        InputCheck.requireBuffers(source, inputs, outputs, in, out);
        for (int i = 0; i < in.length; i++) {
            tensorBytes(interpreter.input_tensor(i), in[i].remaining()).asByteBuffer().put(in[i].duplicate());
        }
        if (interpreter.Invoke() != tensorflowlite.kTfLiteOk) {
            throw new ModelLoadException(source + ": TFLite failed to run the model (see its message above)");
        }
        for (int o = 0; o < out.length; o++) {
            int size = out[o].remaining();
            out[o].put(out[o].position(), tensorBytes(interpreter.output_tensor(o), size).asByteBuffer(), 0, size);
        }
    }

    /** The tensor's data as bytes, whatever its element type (the typed accessors return null on a type mismatch). */
    private static BytePointer tensorBytes(TfLiteTensor t, long size) {
        return new BytePointer(tensorflowlite.TfLiteTensorData(t)).capacity(size);
    }

    private void release() {
        interpreter.close();
        resolver.close();
        model.close();
        modelBytes.close();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }
}

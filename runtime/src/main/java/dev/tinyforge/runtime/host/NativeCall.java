package dev.tinyforge.runtime.host;

import dev.tinyforge.runtime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One runner's way into a compiled model: the two pointer arrays that {@code invoke} takes, native
 * staging buffers for callers that hand in {@code byte[]} or heap buffers, and the addresses of the
 * direct buffers it has seen, so a call with the same direct buffers as last time writes two addresses
 * and crosses into C once, with no copy and no allocation.
 *
 * <p>Calls are serialized on the model's descriptor: every runner of one model shares the model's
 * static arena. Not thread-safe otherwise (one runner, one thread).
 */
final class NativeCall implements AutoCloseable {
    private final ModelDescriptor model;
    private final PointerPointer<Pointer> inputs;
    private final PointerPointer<Pointer> outputs;
    private final LongBuffer inputAddresses;
    private final LongBuffer outputAddresses;
    private final Slot[] in;
    private final Slot[] out;

    /** One tensor's staging memory, and the direct buffer last passed for it with its address. */
    private static final class Slot {
        final BytePointer staging;
        final ByteBuffer stagingView;
        final long stagingAddress;
        ByteBuffer seen;
        long seenAddress;

        Slot(TensorInfo t) {
            staging = new BytePointer(Math.max(1, t.sizeBytes()));
            stagingView = staging.capacity(t.sizeBytes()).asByteBuffer();
            stagingAddress = staging.address();
        }

        /** The address of {@code b}'s position: its own memory when direct, else the staging memory. */
        long address(ByteBuffer b) {
            if (!b.isDirect()) {
                return stagingAddress;
            }
            if (b != seen) {
                seenAddress = new Pointer(b).address();
                seen = b;
            }
            return seenAddress + b.position();
        }
    }

    NativeCall(ModelDescriptor model) {
        this.model = model;
        in = slots(model.inputs());
        out = slots(model.outputs());
        inputs = new PointerPointer<>(in.length);
        outputs = new PointerPointer<>(out.length);
        inputAddresses = addresses(inputs, in);
        outputAddresses = addresses(outputs, out);
    }

    private static Slot[] slots(List<TensorInfo> tensors) {
        Slot[] slots = new Slot[tensors.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(tensors.get(i));
        }
        return slots;
    }

    /** The pointer array's memory as longs, written from Java without a JNI call per element. */
    private static LongBuffer addresses(PointerPointer<Pointer> array, Slot[] slots) {
        if (array.sizeof() != Long.BYTES) {
            throw new IllegalStateException("the native backend needs 64-bit pointers");
        }
        LongBuffer view = array.capacity(slots.length).asByteBuffer().order(ByteOrder.nativeOrder()).asLongBuffer();
        for (int i = 0; i < slots.length; i++) {
            view.put(i, slots[i].stagingAddress);
        }
        return view;
    }

    /** Copies each input into staging memory, runs, and returns fresh output arrays. */
    List<byte[]> run(List<byte[]> data) {
        for (int i = 0; i < in.length; i++) {
            in[i].stagingView.put(0, data.get(i));
            inputAddresses.put(i, in[i].stagingAddress);
        }
        for (int o = 0; o < out.length; o++) {
            outputAddresses.put(o, out[o].stagingAddress);
        }
        invoke();
        List<byte[]> result = new ArrayList<>(out.length);
        for (Slot s : out) {
            byte[] bytes = new byte[s.stagingView.capacity()];
            s.stagingView.get(0, bytes);
            result.add(bytes);
        }
        return result;
    }

    /** Direct buffers go to C as they are; heap buffers are copied through staging memory. */
    void run(ByteBuffer[] data, ByteBuffer[] results) {
        for (int i = 0; i < in.length; i++) {
            ByteBuffer b = data[i];
            if (!b.isDirect()) {
                in[i].stagingView.put(0, b, b.position(), b.remaining());
            }
            inputAddresses.put(i, in[i].address(b));
        }
        for (int o = 0; o < out.length; o++) {
            outputAddresses.put(o, out[o].address(results[o]));
        }
        invoke();
        for (int o = 0; o < out.length; o++) {
            ByteBuffer b = results[o];
            if (!b.isDirect()) {
                b.put(b.position(), out[o].stagingView, 0, b.remaining());
            }
        }
    }

    private void invoke() {
        int rc;
        synchronized (model) {
            rc = model.invoke().call(inputs, outputs);
        }
        if (rc != 0) {
            throw new IllegalStateException(model.where() + ": invoke returned " + rc + " (generated models return 0)");
        }
    }

    @Override
    public void close() {
        inputs.close();
        outputs.close();
        for (Slot s : in) {
            s.staging.close();
        }
        for (Slot s : out) {
            s.staging.close();
        }
    }
}

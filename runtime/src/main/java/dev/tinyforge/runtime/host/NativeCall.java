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
    /** Which outputs of the current call go through staging memory. */
    private final boolean[] staged;

    /** One tensor's staging memory, and the direct buffer last passed for it with its address. */
    private static final class Slot {
        final BytePointer staging;
        final ByteBuffer stagingView;
        final long stagingAddress;
        final int alignment;
        ByteBuffer seen;
        long seenAddress;

        Slot(TensorInfo t) {
            staging = new BytePointer(Math.max(1, t.sizeBytes()));
            stagingView = staging.capacity(t.sizeBytes()).asByteBuffer();
            stagingAddress = staging.address();
            alignment = t.dtype().bytes();
        }

        /**
         * The address of a direct buffer's position, or -1 when the buffer must go through staging memory:
         * a heap buffer, or a window of a direct one not aligned for the tensor's element type (C reads
         * a {@code float *} only at multiples of 4).
         */
        long direct(ByteBuffer b) {
            if (!b.isDirect()) {
                return -1;
            }
            if (b != seen) {
                seenAddress = new Pointer(b).address();
                seen = b;
            }
            long address = seenAddress + b.position();
            return address % alignment == 0 ? address : -1;
        }
    }

    NativeCall(ModelDescriptor model) {
        this.model = model;
        in = slots(model.inputs());
        out = slots(model.outputs());
        staged = new boolean[out.length];
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

    /** Direct buffers go to C as they are; heap (and misaligned) buffers are copied through staging memory. */
    void run(ByteBuffer[] data, ByteBuffer[] results) {
        for (int i = 0; i < in.length; i++) {
            ByteBuffer b = data[i];
            long address = in[i].direct(b);
            if (address < 0) {
                in[i].stagingView.put(0, b, b.position(), b.remaining());
                address = in[i].stagingAddress;
            }
            inputAddresses.put(i, address);
        }
        for (int o = 0; o < out.length; o++) {
            long address = out[o].direct(results[o]);
            staged[o] = address < 0;
            outputAddresses.put(o, staged[o] ? out[o].stagingAddress : address);
        }
        invoke();
        for (int o = 0; o < out.length; o++) {
            if (staged[o]) {
                ByteBuffer b = results[o];
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

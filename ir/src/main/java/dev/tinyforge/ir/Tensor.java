package dev.tinyforge.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named tensor of the IR: NHWC shape, element type, optional quantization and, for constants
 * (weights, biases), its data.
 *
 * <p>Constant data is kept as little-endian bytes in TFLite's layout (CONV_2D filters
 * {@code [Cout, Kh, Kw, Cin]}, DEPTHWISE_CONV_2D filters {@code [1, Kh, Kw, Cin*M]},
 * FULLY_CONNECTED weights {@code [Cout, Cin]}) so that export writes it unchanged and import reads
 * it back byte for byte. Instances are immutable.
 */
public final class Tensor {
    private final String name;
    private final int[] shape;
    private final DType dtype;
    private final Quant quant;
    private final byte[] data;

    public Tensor(String name, int[] shape, DType dtype, Quant quant, byte[] data) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.quant = quant;
        this.data = data == null ? null : data.clone();
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + ": every dimension must be positive, got "
                        + Arrays.toString(shape));
            }
        }
        if (data != null && data.length != elements() * dtype.bytes()) {
            throw new IllegalArgumentException("tensor " + name + ": " + data.length + " bytes of data for shape "
                    + Arrays.toString(shape) + " of " + dtype + " (expected " + elements() * dtype.bytes() + ")");
        }
    }

    /** A non-constant (activation) tensor. */
    public static Tensor activation(String name, int[] shape, DType dtype, Quant quant) {
        return new Tensor(name, shape, dtype, quant, null);
    }

    public static Tensor constFloat(String name, int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Tensor(name, shape, DType.FLOAT32, null, b.array());
    }

    public static Tensor constInt32(String name, int[] shape, int[] values, Quant quant) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new Tensor(name, shape, DType.INT32, quant, b.array());
    }

    public static Tensor constInt8(String name, int[] shape, byte[] values, Quant quant) {
        return new Tensor(name, shape, DType.INT8, quant, values);
    }

    public static Tensor constInt16(String name, int[] shape, short[] values, Quant quant) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(values);
        return new Tensor(name, shape, DType.INT16, quant, b.array());
    }

    public static Tensor constInt64(String name, int[] shape, long[] values, Quant quant) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new Tensor(name, shape, DType.INT64, quant, b.array());
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code i}; negative indices count from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int rank() {
        return shape.length;
    }

    public DType dtype() {
        return dtype;
    }

    /** Quantization, or {@code null} for float tensors. */
    public Quant quant() {
        return quant;
    }

    public boolean isConstant() {
        return data != null;
    }

    public long elements() {
        return elements(shape);
    }

    /** Number of elements of a shape (1 for a scalar). */
    public static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Element count as an int, for tensors that must fit a Java array. */
    public int elementsInt() {
        long n = elements();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException("tensor " + name + " has " + n + " elements, too many for one array");
        }
        return (int) n;
    }

    public long sizeBytes() {
        return elements() * dtype.bytes();
    }

    /** Raw little-endian bytes of a constant, or {@code null}. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** Values of a FLOAT32 constant. */
    public float[] floats() {
        requireData(DType.FLOAT32);
        float[] out = new float[(int) elements()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Values of an INT32 constant. */
    public int[] ints() {
        requireData(DType.INT32);
        int[] out = new int[(int) elements()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    /** Values of an INT8 constant. */
    public byte[] int8s() {
        requireData(DType.INT8);
        return data.clone();
    }

    /** Values of an INT16 constant. */
    public short[] int16s() {
        requireData(DType.INT16);
        short[] out = new short[(int) elements()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    /** Values of an INT64 constant (the biases of 16x8 convolutions and fully connected layers). */
    public long[] int64s() {
        requireData(DType.INT64);
        long[] out = new long[(int) elements()];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    private void requireData(DType expected) {
        if (data == null || dtype != expected) {
            throw new IllegalStateException("tensor " + name + " is not a " + expected + " constant (it is "
                    + (data == null ? "not constant" : dtype.toString()) + ")");
        }
    }

    public Tensor withName(String newName) {
        return new Tensor(newName, shape, dtype, quant, data);
    }

    public Tensor withQuant(DType newType, Quant newQuant) {
        return new Tensor(name, shape, newType, newQuant, data);
    }

    @Override
    public boolean equals(Object o) {
        // a constant against an activation is decided without Arrays.equals(null, bytes): Jazzer 0.24.0's hook on
        // that call passes the null to native code and kills the JVM (SIGSEGV; docs/fuzzing.md)
        return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape) && dtype == t.dtype
                && Objects.equals(quant, t.quant)
                && (data == null || t.data == null ? data == t.data : Arrays.equals(data, t.data));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), dtype, quant);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + dtype + (quant == null ? "" : " " + quant)
                + (data == null ? "" : " const");
    }
}

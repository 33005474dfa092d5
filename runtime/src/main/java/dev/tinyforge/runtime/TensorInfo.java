package dev.tinyforge.runtime;

import dev.tinyforge.ir.DType;
import java.util.Arrays;

/** What a runner reports about one of its input or output tensors. */
public record TensorInfo(String name, int[] shape, DType dtype, float scale, int zeroPoint) {

    public TensorInfo {
        shape = shape.clone();
    }

    /** What a graph says about one of its tensors (scale and zero point 0 for an unquantized one). */
    public static TensorInfo of(dev.tinyforge.ir.Tensor t) {
        return t.quant() == null ? new TensorInfo(t.name(), t.shape(), t.dtype(), 0f, 0)
                : new TensorInfo(t.name(), t.shape(), t.dtype(), t.quant().scale(), t.quant().zeroPoint());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long elements() {
        return dev.tinyforge.ir.Tensor.elements(shape);
    }

    public long sizeBytes() {
        return elements() * dtype.bytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && dtype == t.dtype && Float.compare(scale, t.scale) == 0 && zeroPoint == t.zeroPoint;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + dtype + (dtype.isQuantizedActivation() ? " scale=" + scale + " zp=" + zeroPoint : "");
    }
}

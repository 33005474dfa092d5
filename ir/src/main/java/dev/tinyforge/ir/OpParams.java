package dev.tinyforge.ir;

/**
 * The attributes of an op: one record per op family, declared in the op's class (for example
 * {@code Conv2d.Params}). Values that TFLite stores as constant input tensors (MEAN axes, RESHAPE
 * shape, PAD paddings, TRANSPOSE permutation, RESIZE size) are attributes here: the exporter writes
 * them as int32 tensors and the importer reads them back.
 */
public interface OpParams {

    /** Ops without attributes. */
    record None() implements OpParams {
    }

    /** Attributes that include a fused activation (convolutions, fully connected, ADD, MUL, pools, ...). */
    interface WithActivation extends OpParams {
        Activation activation();
    }
}

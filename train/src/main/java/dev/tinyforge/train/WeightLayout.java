package dev.tinyforge.train;

import org.bytedeco.pytorch.Tensor;

/**
 * How a layer's IR weights map to the layout torch's functional ops take, both ways: TFLite keeps
 * convolution filters {@code [cout, kh, kw, cin]} and depthwise filters {@code [1, kh, kw, c·m]},
 * torch wants {@code [cout, cin, kh, kw]} and {@code [c·m, 1, kh, kw]}; fully connected weights and
 * vectors are the same in both.
 */
enum WeightLayout {
    AS_IS(null, null),
    CONV(new long[] {0, 3, 1, 2}, new long[] {0, 2, 3, 1}),
    DEPTHWISE(new long[] {3, 0, 1, 2}, new long[] {1, 2, 3, 0});

    private final long[] toTorch;
    private final long[] toIr;

    WeightLayout(long[] toTorch, long[] toIr) {
        this.toTorch = toTorch;
        this.toIr = toIr;
    }

    /** Weights given in the IR's layout as a contiguous tensor in torch's (a copy unless already laid out). */
    Tensor toTorch(Tensor ir) {
        return toTorch == null ? ir : ir.permute(toTorch).contiguous();
    }

    /** The weights back in the IR's layout (a view or a copy). */
    Tensor toIr(Tensor torchLayout) {
        return toIr == null ? torchLayout : torchLayout.permute(toIr);
    }
}

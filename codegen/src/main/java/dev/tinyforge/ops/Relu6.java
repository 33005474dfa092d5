package dev.tinyforge.ops;

import dev.tinyforge.ir.Activation;

/** Standalone RELU6: {@link Relu}'s kernel with the range clamped to [0, 6]. */
public final class Relu6 extends Relu {
    public static final Relu6 OP = new Relu6();

    private Relu6() {
        super("RELU6", 21, Activation.RELU6);
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}

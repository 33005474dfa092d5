package dev.tinyforge.ops;

/** AVERAGE_POOL_2D: the mean over the in-bounds part of each window, as TFLite computes it. */
public final class AveragePool2d extends Pool2d {
    public static final AveragePool2d OP = new AveragePool2d();

    private AveragePool2d() {
        super("AVERAGE_POOL_2D", 1, "tfg_avgpool_s8", false);
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}

package dev.tinyforge.ops;

/** MAX_POOL_2D: the maximum of each window, padding ignored. */
public final class MaxPool2d extends Pool2d {
    public static final MaxPool2d OP = new MaxPool2d();

    private MaxPool2d() {
        super("MAX_POOL_2D", 17, "tfg_maxpool_s8", true);
    }

    @Override
    public int maxVersion() {
        return 3;
    }
}

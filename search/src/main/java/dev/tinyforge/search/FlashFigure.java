package dev.tinyforge.search;

import java.util.List;

/**
 * The constant data the C emitter declares for a model (what {@code CSource.constantBytes()} counts:
 * int8 weights, int32 biases, per-channel requantization multipliers and shifts, the logistic's
 * 256-entry table, softmax's two int16 lookup tables), from its shapes alone. Per-channel tables
 * for convolutions; the fully connected layer is quantized per tensor (the quantizer's default), so
 * it has one multiplier and one shift. {@code FlashAgreementTest} holds it equal to the emitter's.
 */
final class FlashFigure {
    /** Softmax's exp and 1/(1+x) lookup tables: 256 int16 entries each. */
    static final long SOFTMAX_TABLES = 2 * 256 * 2;
    /** The logistic's int8 lookup table. */
    static final long LOGISTIC_TABLE = 256;

    private FlashFigure() {
    }

    /** Constant bytes of the model whose ops are {@code layers}. */
    static long constantBytes(List<SpecShapes.Layer> layers) {
        long total = 0;
        for (SpecShapes.Layer l : layers) {
            total += switch (l.kind()) {
                case CONV -> (long) l.outC() * ((long) l.kernel() * l.kernel() * l.inC() + 12);
                case DEPTHWISE -> (long) l.outC() * ((long) l.kernel() * l.kernel() + 12);
                case FULLY_CONNECTED -> (long) l.outC() * (l.inC() + 4) + 8;
                case LOGISTIC -> LOGISTIC_TABLE;
                case SOFTMAX -> SOFTMAX_TABLES;
                default -> 0;
            };
        }
        return total;
    }
}

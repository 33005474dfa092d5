package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Quantize;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * QUANTIZE float32 -> int8 and -> int16 (tfg_quantize_f32_s8/s16: single precision with an exact path
 * for ties) against TFLite's built-in kernel on many inputs per scale: every exact half-step of the scale
 * in and beyond the output range with its float neighbours two ulps either side (where float and double
 * rounding could part), uniform values, values of every magnitude from subnormals up (both signs, zeros)
 * while |x / scale| < 2e9. Larger quotients, NaN and infinities are left out: TFLite casts x / scale to
 * int32 and adds the zero point, which C++ leaves undefined there (on x86 it gives the wrong saturation).
 */
class QuantizeFloatTest {
    static final int N = 1 << 15;


    @Test
    void floatQuantizeMatchesTfliteOnTiesNeighboursAndEveryMagnitude() {
        float[] scales = {0.1f, 1f / 255, 0.0078125f, 3.0517578e-5f, 7.3f, 0.023529412f, 1.7e-3f, 1e-30f};
        long[] zeroPoints = {-128, 0, 5, -37, 127, 0, -1, 3};
        List<Graph> graphs = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(20261206);
        for (int s = 0; s < scales.length; s++) {
            for (DType out : List.of(DType.INT8, DType.INT16)) {
                long zp = out == DType.INT8 ? zeroPoints[s] : 0;
                graphs.add(model(scales[s], zp, out, graphs.size(), new int[] {1, N}));
                inputs.add(probes(scales[s], out == DType.INT8 ? 300 : 40000, rnd, N));
            }
        }
        List<HostRunner> natives = HostRunner.compileAll(graphs, "quantize-float");
        long compared = 0;
        for (int i = 0; i < graphs.size(); i++) {
            byte[] x = ModelIo.floats(inputs.get(i));
            try (Runner ref = new TfliteRunner(TfliteWriter.write(graphs.get(i)), "quantize #" + i,
                    RunnerOptions.reference())) {
                byte[] expected = ref.run(x);
                byte[] actual = natives.get(i).run(x);
                int diff = 0;
                int first = -1;
                for (int j = 0; j < expected.length; j++) {
                    if (expected[j] != actual[j]) {
                        diff++;
                        first = first < 0 ? j : first;
                    }
                }
                int width = graphs.get(i).output(0).dtype().bytes();
                assertEquals(0, diff, graphs.get(i).name() + ": " + diff + " bytes differ, first at element "
                        + (first / width) + " = " + (first < 0 ? 0 : inputs.get(i)[first / width]));
                compared += expected.length / width;
            }
        }
        assertTrue(compared >= (long) N * graphs.size());
        System.out.printf("QUANTIZE float: %d models, %d elements, 0 differ%n", graphs.size(), compared);
    }

    /** One QUANTIZE from a float32 input of {@code shape} to {@code out} with this scale and zero point. */
    static Graph model(float scale, long zp, DType out, int index, int[] shape) {
        GraphBuilder b = new GraphBuilder("quantize_f32_" + out.name().toLowerCase() + "_" + index);
        b.input("x", shape, DType.FLOAT32, null);
        b.tensor(Tensor.activation("y", shape, out, Quant.perTensor(scale, zp)));
        b.op(new Op(Quantize.OP, List.of("x"), List.of("y"), new OpParams.None()));
        b.output("y");
        return b.build();
    }

    /** A quarter each: half-steps with neighbours, uniform in range, every magnitude, half-steps far out. */
    static float[] probes(float scale, int range, SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            float tie = (float) ((rnd.nextInt(4 * range) - 2 * range) / 2.0 * scale);
            float v = switch (j % 4) {
                case 0 -> tie;
                case 1 -> {
                    float t = tie;
                    int steps = rnd.nextInt(5) - 2;
                    for (int k = 0; k < Math.abs(steps); k++) {
                        t = steps > 0 ? Math.nextUp(t) : Math.nextDown(t);
                    }
                    yield t;
                }
                case 2 -> (float) (rnd.nextDouble(-range, range) * scale);
                default -> {
                    float m = Float.intBitsToFloat(rnd.nextInt(0x7f800000)); // any finite magnitude
                    while (Math.abs((double) m / scale) >= 2.0e9) { // TFLite's int32 cast of x / scale overflows
                        m = Float.intBitsToFloat(rnd.nextInt(0x7f800000));
                    }
                    yield rnd.nextInt(50) == 0 ? (rnd.nextBoolean() ? 0f : -0f) : rnd.nextBoolean() ? m : -m;
                }
            };
            x[j] = v;
        }
        return x;
    }
}

package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.runtime.host.HostRunner;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.target.Target;
import dev.tinyforge.tflite.TfliteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized single-op models, generated C versus TFLite's built-in kernels, tolerance 0: for each op
 * with random configurations in {@link OpSamples}, 1000 seeded configurations (fewer with
 * {@code -Dtinyforge.kernelConfigs=N} while developing), each run on {@value #INPUTS} random inputs.
 * All configurations of one op are compiled into one library. Families named {@code OP@16x8} run the
 * op's 16x8 configurations ({@link OpSamples#random16x8}) quantized in TFLite's 16x8 mode: int16
 * activations, int8 weights, int64 biases.
 */
class KernelConformanceTest {
    static final int CONFIGS = Integer.getInteger("tinyforge.kernelConfigs", 1000);
    static final int INPUTS = 2;

    /** Suffix of the families run in TFLite's 16x8 mode. */
    static final String MODE_16X8 = "@16x8";

    /**
     * Suffix of the families compiled for this host without AVX2 ({@code Target.host().without(AVX2)}, no
     * {@code -mavx2}), so the plain C paths of the ops with an AVX2 path stay tested here, with fewer
     * configurations ({@code -Dtinyforge.plainKernelConfigs=N}, default 250 or {@link #CONFIGS} if fewer): the
     * plain families are the reference the SIMD paths replace, and the host suite's time is short.
     */
    static final String PLAIN = "@plain";
    static final int PLAIN_CONFIGS = Integer.getInteger("tinyforge.plainKernelConfigs", Math.min(CONFIGS, 250));

    /**
     * A family of DEPTHWISE_CONV_2D configurations with 16 to 48 channels ({@link OpSamples#randomDepthwiseWide}),
     * run on a host with AVX2: the op's own family has at most 12 channels, fewer than the AVX2 paths' blocks.
     */
    static final String DEPTHWISE_WIDE = "DEPTHWISE_CONV_2D@wide";

    /** The int8 ops with an AVX2 path (tfg_internal.h's TFG_AVX2), whose plain path gets a {@code @plain} family. */
    static final List<String> AVX2_OPS = List.of("CONV_2D", "DEPTHWISE_CONV_2D", "ADD");

    /**
     * The op families to run: all, or those named in {@code -Dtinyforge.kernelFamilies=CONV_2D,MEAN@16x8}
     * (the int8 ones, then the 16x8 ones).
     */
    static List<String> families() {
        String only = System.getProperty("tinyforge.kernelFamilies", "");
        List<String> all = new ArrayList<>(OpSamples.randomKinds().stream().map(OpType::name).toList());
        OpSamples.random16x8Kinds().forEach(k -> all.add(k.name() + MODE_16X8));
        if (Target.host().has(Target.Feature.AVX2)) {
            AVX2_OPS.forEach(k -> all.add(k + PLAIN));
            all.add(DEPTHWISE_WIDE);
        }
        return only.isBlank() ? all : all.stream().filter(List.of(only.split(","))::contains).toList();
    }

    @ParameterizedTest
    @MethodSource("families")
    void generatedCMatchesTfliteBitForBit(String family) {
        boolean wide = family.endsWith(MODE_16X8);
        boolean plain = family.endsWith(PLAIN);
        boolean depthwiseWide = family.equals(DEPTHWISE_WIDE);
        String op = wide ? family.substring(0, family.length() - MODE_16X8.length())
                : plain ? family.substring(0, family.length() - PLAIN.length())
                : depthwiseWide ? "DEPTHWISE_CONV_2D" : family;
        OpType kind = OpRegistry.byName(op).orElseThrow();
        int configs = plain ? PLAIN_CONFIGS : CONFIGS;
        Target target = plain ? Target.host().without(Target.Feature.AVX2) : Target.host();
        QuantizeOptions.Mode mode = wide ? QuantizeOptions.Mode.INT16X8 : QuantizeOptions.Mode.INT8;
        boolean floatIo = OpSamples.floatIo(kind);
        SplittableRandom rnd = new SplittableRandom(family.hashCode() * 1_000_003L + 17);
        List<Graph> graphs = new ArrayList<>();
        List<List<float[]>> inputs = new ArrayList<>();
        for (int i = 0; i < configs; i++) {
            Graph g = wide ? OpSamples.random16x8(kind, rnd, i)
                    : depthwiseWide ? OpSamples.randomDepthwiseWide(rnd, i) : OpSamples.random(kind, rnd, i);
            FloatExecutor exec = new FloatExecutor(g);
            float lo = (float) rnd.nextDouble(-4, 1);
            float hi = lo + (float) rnd.nextDouble(0.5, 6);
            Calibrator cal = new Calibrator();
            List<float[]> xs = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                float[] x = new float[(int) g.input(0).elements()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = (float) rnd.nextDouble(lo, hi);
                }
                cal.observe(exec.runAll(List.of(x)));
                xs.add(x);
            }
            graphs.add(QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults()
                    .withPerChannelFullyConnected(rnd.nextBoolean()).withFloatIo(floatIo).withMode(mode)));
            inputs.add(xs);
        }
        if (depthwiseWide) {
            assertBothDepthwiseKernelsRun(graphs, target);
        }
        long t0 = System.nanoTime();
        List<HostRunner> natives = HostRunner.compileAll(graphs, Collections.nCopies(graphs.size(), null), family,
                target);
        long t1 = System.nanoTime();
        long compared = 0;
        for (int i = 0; i < graphs.size(); i++) {
            Graph q = graphs.get(i);
            try (Runner ref = new TfliteRunner(TfliteWriter.write(q), family + " #" + i, RunnerOptions.reference())) {
                for (int k = 0; k < INPUTS; k++) {
                    byte[] x = new byte[(int) q.input(0).sizeBytes()];
                    if (floatIo) {
                        x = ModelIo.floats(k == 0 ? inputs.get(i).get(0) : floatProbe(q, rnd));
                    } else if (k == 0) {
                        x = ModelIo.encode(inputs.get(i).get(0), q.input(0));
                    } else {
                        rnd.nextBytes(x);
                    }
                    byte[] expected = ref.run(x);
                    byte[] actual = natives.get(i).run(x);
                    if (!Arrays.equals(expected, actual)) {
                        int diff = 0;
                        for (int j = 0; j < expected.length; j++) {
                            diff += expected[j] != actual[j] ? 1 : 0;
                        }
                        throw new AssertionError(family + " config " + i + " input " + k + ": " + diff + " of "
                                + expected.length + " bytes differ; graph " + describe(q));
                    }
                    compared += expected.length;
                }
            }
        }
        long t2 = System.nanoTime();
        System.out.printf("%s (%s): compile %.1f s, run and compare %.1f s%n", family, target, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        assertEquals(configs, graphs.size());
        assertTrue(compared > configs);
        System.out.printf("%s: %d configurations, %d inputs each, %d output bytes, 0 differ%n", family, configs,
                INPUTS, compared);
    }

    /**
     * The wide depthwise family is meant for both AVX2 paths: at least a quarter of its configurations call the
     * in-place kernel and a quarter the out-of-place one, as the host's plan lays them out.
     */
    private static void assertBothDepthwiseKernelsRun(List<Graph> graphs, Target target) {
        int inPlace = 0;
        int outOfPlace = 0;
        for (Graph g : graphs) {
            String c = dev.tinyforge.cgen.CEmitter.emit(dev.tinyforge.plan.ModelPlan.of(g, target), "tfg_wide", "test")
                    .source();
            inPlace += c.contains("tfg_depthwise_conv2d_inplace_s8(") ? 1 : 0;
            outOfPlace += c.contains("tfg_depthwise_conv2d_s8(") ? 1 : 0;
        }
        assertTrue(inPlace >= graphs.size() / 4 && outOfPlace >= graphs.size() / 4,
                "in place " + inPlace + ", out of place " + outOfPlace + " of " + graphs.size());
        System.out.printf("%s: %d configurations call the in-place kernel, %d the out-of-place one%n", DEPTHWISE_WIDE,
                inPlace, outOfPlace);
    }

    /**
     * Float inputs for QUANTIZE's rounding: exact half-steps of the input scale (ties), values just
     * beside them, and values far outside the int8 (or int16) range (saturation).
     */
    private static float[] floatProbe(Graph q, SplittableRandom rnd) {
        Tensor quantized = q.tensor(q.consumers(q.input(0).name()).get(0).output());
        float scale = quantized.quant().scale();
        double far = quantized.dtype() == dev.tinyforge.ir.DType.INT16 ? 40000 : 200;
        float[] x = new float[(int) q.input(0).elements()];
        for (int j = 0; j < x.length; j++) {
            float tie = scale * ((rnd.nextInt(600) - 300) / 2f);
            x[j] = switch (rnd.nextInt(4)) {
                case 0 -> tie;
                case 1 -> Math.nextUp(tie);
                case 2 -> Math.nextDown(tie);
                default -> (float) rnd.nextDouble(-far, far) * scale;
            };
        }
        return x;
    }

    private static String describe(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : g.tensors()) {
            sb.append(t).append("; ");
        }
        return sb + " ops " + g.ops();
    }

}

package dev.tinyforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmission;
import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelLibrary;
import dev.tinyforge.exec.FloatExecutor;
import dev.tinyforge.exec.FloatReference;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.OpRegistry;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.quant.Calibrator;
import dev.tinyforge.quant.QuantizationRule;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.tflite.TfliteCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry × facets check: every op class in {@code dev.tinyforge.ops} is registered and has every
 * facet the pipeline needs (the {@code .tflite} codec, the float reference, the quantization rule, the C
 * emission), its test sample in {@link OpSamples}, and kernels the library declares. Adding an op
 * fails here until each part exists.
 */
class OpCompletenessTest {

    @Test
    void everyOpClassIsRegistered() throws IOException {
        Path dir = Path.of("../codegen/src/main/java/dev/tinyforge/ops");
        Set<String> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".java"))
                    .map(f -> f.substring(0, f.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> registered = OpRegistry.all().stream().map(t -> t.getClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String c : classes) {
            boolean isOp;
            try {
                Class<?> k = Class.forName(OpRegistry.PACKAGE + "." + c);
                isOp = OpType.class.isAssignableFrom(k) && !java.lang.reflect.Modifier.isAbstract(k.getModifiers());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(c + ".java has no class " + c, e);
            }
            assertEquals(isOp, registered.contains(c), c + ": op classes are registered, helpers are not");
        }
        assertTrue(registered.size() >= 20, "registered: " + registered);
    }

    @Test
    void everyOpHasEveryFacetAndATestSample() {
        List<String> missing = new ArrayList<>();
        for (OpType op : OpRegistry.all()) {
            for (Class<?> facet : List.of(TfliteCodec.class, FloatReference.class, QuantizationRule.class,
                    CEmission.class)) {
                if (!facet.isInstance(op)) {
                    missing.add(op + " lacks " + facet.getSimpleName());
                }
            }
            if (!op.paramsType().isRecord()) {
                missing.add(op + "'s params " + op.paramsType().getSimpleName() + " is not a record");
            }
            if (!OpSamples.covered(op)) {
                missing.add(op + " has no test sample in OpSamples");
            }
            OpType by = OpSamples.coveredBy(op);
            if (by != null && !OpSamples.randomKinds().contains(by)) {
                missing.add(op + " is said to be covered by " + by + ", which has no random configurations");
            }
        }
        assertEquals(List.of(), missing);
    }

    /**
     * Every op whose C emission takes int16 tensors (TFLite's 16x8 mode) has 16x8 random configurations in
     * {@link OpSamples}, or is covered by another op's (DEQUANTIZE by QUANTIZE's float-I/O models), so that
     * {@link KernelConformanceTest} holds its s16 kernels to TFLite.
     */
    @Test
    void every16x8EmissionHas16x8Configurations() {
        List<String> missing = new ArrayList<>();
        for (OpType op : OpRegistry.with(CEmission.class)) {
            boolean emits = ((CEmission) op).emits16x8();
            OpType by = OpSamples.coveredBy(op);
            boolean tested = OpSamples.random16x8Kinds().contains(op)
                    || by != null && OpSamples.random16x8Kinds().contains(by);
            if (emits && !tested) {
                missing.add(op + " emits 16x8 C but has no 16x8 random configurations in OpSamples");
            }
            if (!emits && OpSamples.random16x8Kinds().contains(op)) {
                missing.add(op + " has 16x8 configurations but its C emission does not declare emits16x8");
            }
        }
        assertEquals(List.of(), missing);
    }

    /** Each op's sample, quantized and emitted: every kernel its call names is in the library. */
    @Test
    void everyKernelAnOpCallsIsInTheLibrary() {
        Set<String> library = Set.copyOf(KernelLibrary.allSources());
        for (OpType op : OpSamples.randomKinds()) {
            Graph g = OpSamples.random(op, new SplittableRandom(op.name().hashCode()), 0);
            Calibrator cal = new Calibrator();
            FloatExecutor exec = new FloatExecutor(g);
            for (float[] x : OpSamples.inputs(g, 2, 1)) {
                cal.observe(exec.runAll(List.of(x)));
            }
            Graph q = QuantizePass.quantize(g, cal.ranges(), QuantizeOptions.defaults()
                    .withFloatIo(OpSamples.floatIo(op)));
            CSource c = CEmitter.emit(q, "tfg_check", "");
            assertTrue(c.calls().stream().anyMatch(k -> q.ops().get(k.op()).kind() == op), op + " emitted no call");
            for (String s : c.kernelSources()) {
                assertTrue(library.contains(s), op + " needs " + s + ", which the kernel library does not declare");
            }
        }
    }
}

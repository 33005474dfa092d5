package dev.tinyforge.runtime.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CProject;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.OpParams;
import dev.tinyforge.ir.OpType;
import dev.tinyforge.ops.Add;
import dev.tinyforge.ops.BroadcastOp;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.quant.QuantizePass;
import dev.tinyforge.quant.Range;
import dev.tinyforge.runtime.ModelLoadException;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.TensorInfo;
import dev.tinyforge.runtime.tflite.TfliteRunner;
import dev.tinyforge.tflite.TfliteWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The JavaCPP binding of the native backend on a one-op model: every way of passing data gives TFLite's
 * bytes, and every misuse is refused with a message that names the model and what to change.
 */
class HostRunnerTest {

    /** y = x + x on {@code n} values, int8 or with float input and output. */
    static Graph add(int n, boolean floatIo) {
        GraphBuilder b = new GraphBuilder("twice");
        b.input("x", new int[] {1, n}, DType.FLOAT32, null);
        b.add(Add.OP, new BroadcastOp.Params(Activation.NONE), List.of("x", "x"), "y");
        return QuantizePass.quantize(b.output("y").build(), Map.of("x", new Range(-1, 1), "y", new Range(-2, 2)),
                QuantizeOptions.defaults().withFloatIo(floatIo));
    }

    private static byte[] random(long n, int seed) {
        byte[] x = new byte[(int) n];
        new SplittableRandom(seed).nextBytes(x);
        return x;
    }

    @Test
    void everyWayOfPassingDataGivesTflitesBytes() {
        Graph g = add(16, false);
        try (Runner ref = new TfliteRunner(TfliteWriter.write(g), "twice", RunnerOptions.reference());
                HostRunner r = HostRunner.open(TfliteWriter.write(g), "twice")) {
            assertEquals(List.of(TensorInfo.of(g.input(0))), r.inputs());
            assertEquals(List.of(TensorInfo.of(g.output(0))), r.outputs());
            assertEquals(ref.inputs(), r.inputs(), "the descriptor describes what TFLite sees");
            for (int seed = 0; seed < 4; seed++) {
                byte[] x = random(16, seed);
                byte[] expected = ref.run(x);
                assertArrayEquals(expected, r.run(x), "byte[]");

                ByteBuffer in = ByteBuffer.allocateDirect(16).put(x).flip();
                ByteBuffer out = ByteBuffer.allocateDirect(16);
                r.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
                assertEquals(0, in.position(), "positions are left alone");
                assertEquals(0, out.position());
                assertArrayEquals(expected, bytes(out), "direct buffers");

                ByteBuffer heapOut = ByteBuffer.allocate(16);
                r.run(new ByteBuffer[] {ByteBuffer.wrap(x)}, new ByteBuffer[] {heapOut});
                assertArrayEquals(expected, heapOut.array(), "heap buffers");

                // a window of a larger direct buffer: the data starts at the position, the rest is untouched
                ByteBuffer big = ByteBuffer.allocateDirect(64);
                big.position(7).limit(23);
                big.put(x).position(7);
                ByteBuffer bigOut = ByteBuffer.allocateDirect(64);
                bigOut.position(40).limit(56);
                r.run(new ByteBuffer[] {big}, new ByteBuffer[] {bigOut});
                byte[] window = new byte[16];
                bigOut.get(40, window);
                assertArrayEquals(expected, window, "direct buffers at a position");
                assertEquals(40, bigOut.position());
                bigOut.clear();
                assertEquals(0, bigOut.get(39));
                assertEquals(0, bigOut.get(56));

                ByteBuffer refOut = ByteBuffer.allocateDirect(16);
                ref.run(new ByteBuffer[] {in}, new ByteBuffer[] {refOut});
                assertArrayEquals(expected, bytes(refOut), "TFLite with buffers");
            }
        }
    }

    @Test
    void theSameDirectBuffersServeEveryCallAndNewOnesAreSeen() {
        Graph g = add(16, false);
        try (Runner ref = new TfliteRunner(TfliteWriter.write(g), "twice", RunnerOptions.reference());
                HostRunner r = HostRunner.open(TfliteWriter.write(g), "twice")) {
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            ByteBuffer out = ByteBuffer.allocateDirect(16);
            for (int seed = 0; seed < 6; seed++) {
                byte[] x = random(16, 100 + seed);
                if (seed % 3 == 2) {
                    in = ByteBuffer.allocateDirect(16);
                    out = ByteBuffer.allocateDirect(16);
                }
                in.put(0, x);
                r.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
                assertArrayEquals(ref.run(x), bytes(out), "call " + seed);
            }
        }
    }

    @Test
    void floatModelsTakeNativeOrderFloats() {
        Graph g = add(5, true);
        try (Runner ref = new TfliteRunner(TfliteWriter.write(g), "twice", RunnerOptions.reference());
                HostRunner r = HostRunner.open(TfliteWriter.write(g), "twice")) {
            ByteBuffer in = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
            in.asFloatBuffer().put(new float[] {-1f, -0.25f, 0f, 0.5f, 0.9f});
            ByteBuffer out = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
            r.run(new ByteBuffer[] {in}, new ByteBuffer[] {out});
            assertArrayEquals(ref.run(bytes(in)), bytes(out));
            assertEquals(1.0f, out.getFloat(12), 0.02f);
            // a window at an odd address cannot be read as float* in C: it goes through staging memory
            ByteBuffer odd = ByteBuffer.allocateDirect(21).position(1);
            odd.put(bytes(in)).position(1);
            ByteBuffer oddOut = ByteBuffer.allocateDirect(23).position(3);
            r.run(new ByteBuffer[] {odd}, new ByteBuffer[] {oddOut});
            assertArrayEquals(bytes(out), bytes(oddOut), "misaligned float buffers");
        }
    }

    @Test
    void wrongBuffersAreRefusedWithTheModelAndTheFix() {
        try (HostRunner r = HostRunner.open(TfliteWriter.write(add(16, false)), "m.tflite")) {
            ByteBuffer ok = ByteBuffer.allocateDirect(16);
            ByteBuffer[] one = {ok};
            String count = assertThrows(IllegalArgumentException.class,
                    () -> r.run(new ByteBuffer[] {ok, ok}, one)).getMessage();
            assertEquals("m.tflite: model has 1 inputs, got 2 buffers; pass one buffer per tensor, in the order of "
                    + "inputs()", count);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.run(one, new ByteBuffer[0])).getMessage()
                    .startsWith("m.tflite: model has 1 outputs, got 0 buffers"));
            String size = assertThrows(IllegalArgumentException.class,
                    () -> r.run(new ByteBuffer[] {ByteBuffer.allocateDirect(15)}, one)).getMessage();
            assertTrue(size.startsWith("m.tflite: input 0 'x' is 16 bytes (x[1, 16] INT8"), size);
            assertTrue(size.endsWith("its buffer has 15 remaining (position 0, limit 15)"), size);
            ByteBuffer filled = ByteBuffer.allocateDirect(16).put(new byte[16]);
            String unflipped = assertThrows(IllegalArgumentException.class,
                    () -> r.run(new ByteBuffer[] {filled}, one)).getMessage();
            assertTrue(unflipped.endsWith("flip() or rewind() it after filling it"), unflipped);
            String readOnly = assertThrows(IllegalArgumentException.class,
                    () -> r.run(one, new ByteBuffer[] {ByteBuffer.allocateDirect(16).asReadOnlyBuffer()})).getMessage();
            assertEquals("m.tflite: the buffer for output 0 'y' is read-only; pass a writable one", readOnly);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.run(new ByteBuffer[] {null}, one))
                    .getMessage().contains("input 0 'x' is null"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> r.run(List.of(new byte[3])))
                    .getMessage().startsWith("m.tflite: input 0 'x' is 16 bytes"));
            // a read-only direct input is fine: the C only reads it
            r.run(new ByteBuffer[] {ok.asReadOnlyBuffer()}, new ByteBuffer[] {ByteBuffer.allocateDirect(16)});
            r.close();
            assertEquals("m.tflite: runner is closed",
                    assertThrows(IllegalStateException.class, () -> r.run(one, one)).getMessage());
            r.close();
        }
    }

    @Test
    void aDescriptorThatDisagreesWithTheGraphIsRefused() {
        Graph g = add(16, false);
        CSource c = CEmitter.emit(g, "tfg_twice", "test");
        Path lib = HostCompiler.build(CProject.files(List.of(c)), List.of(), "libtfgmodel.so");
        try (HostRunner r = HostRunner.bind(lib, "tfg_twice", g, c.arenaBytes(), "twice.tflite")) {
            assertEquals(c.arenaBytes(), r.arenaBytes());
        }
        String shape = assertThrows(ModelLoadException.class,
                () -> HostRunner.bind(lib, "tfg_twice", add(17, false), c.arenaBytes(), "twice.tflite")).getMessage();
        assertTrue(shape.startsWith("twice.tflite (tfg_twice_model in " + lib.toAbsolutePath().normalize()
                + "): the compiled model does not match the graph it was generated from: its descriptor has inputs "
                + "[x[1, 16] INT8"), shape);
        assertTrue(shape.contains("the graph's are [x[1, 17] INT8"), shape);
        assertTrue(shape.endsWith("delete it to have it rebuilt"), shape);
        String arena = assertThrows(ModelLoadException.class,
                () -> HostRunner.bind(lib, "tfg_twice", g, c.arenaBytes() + 1, "twice.tflite")).getMessage();
        assertTrue(arena.contains("its descriptor has arena of " + c.arenaBytes() + " bytes, the plan's is "
                + (c.arenaBytes() + 1)), arena);
        String missing = assertThrows(ModelLoadException.class,
                () -> HostRunner.bind(lib, "tfg_other", g, c.arenaBytes(), "twice.tflite")).getMessage();
        assertTrue(missing.startsWith("twice.tflite: the compiled library " + lib.toAbsolutePath().normalize()
                + " has no tfg_other_model"), missing);
        String noLibrary = assertThrows(ModelLoadException.class,
                () -> HostRunner.bind(lib.resolveSibling("absent.so"), "tfg_twice", g, 1, "twice.tflite")).getMessage();
        assertTrue(noLibrary.startsWith("twice.tflite: cannot load the compiled model library "), noLibrary);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return a;
    }
}

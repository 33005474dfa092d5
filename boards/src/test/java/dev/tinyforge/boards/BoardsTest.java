package dev.tinyforge.boards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.ir.DType;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.GraphBuilder;
import dev.tinyforge.ir.Padding;
import dev.tinyforge.ir.Quant;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.ops.Conv2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardsTest {
    @TempDir
    Path dir;

    @Test
    void builtInBoardsMatchTheDatasheetTable() {
        Map<String, BoardSpec> boards = Boards.load(dir);
        assertEquals(List.of("stm32f746g-disco", "nucleo-h743zi", "nucleo-f412zg", "nucleo-l4r5zi", "nrf52840-dk",
                "rpi-pico", "corstone-300", "rpi4", "rpi5"), List.copyOf(boards.keySet()));
        BoardSpec f7 = boards.get(Boards.DEFAULT);
        assertEquals(320 * 1024, f7.sramBytes());
        assertEquals(1024 * 1024, f7.flashBytes());
        assertEquals("mps2-an500", f7.qemuMachine());
        assertEquals("armv6-m", boards.get("rpi-pico").arch());
        assertEquals("mps2-an385", boards.get("rpi-pico").qemuMachine());
        assertEquals("mps3-an547", boards.get("corstone-300").qemuMachine());
        assertTrue(boards.get("rpi5").isLinux() && !boards.get("rpi5").hasFlashLimit());
        for (BoardSpec b : boards.values()) {
            if (!b.isLinux()) {
                long ram = b.regions().stream().filter(r -> r.name().equals("RAM")).mapToLong(BoardSpec.Region::bytes)
                        .sum();
                assertEquals(b.sramBytes(), ram, b.id() + ": RAM region equals the SRAM the planner budgets");
            }
        }
    }

    @Test
    void userBoardsAreAddedAndReplaceBuiltInOnes() throws Exception {
        Files.writeString(dir.resolve("my.json"), """
                {"id": "my-m4", "core": "cortex-m4", "arch": "armv7e-m", "clock_hz": 80000000,
                 "sram_bytes": 65536, "flash_bytes": 262144,
                 "regions": [{"name": "RAM", "origin": "0x20000000", "bytes": 65536}]}
                """);
        Files.writeString(dir.resolve("pico.json"), """
                {"id": "rpi-pico", "core": "cortex-m0plus", "arch": "armv6-m", "clock_hz": 200000000,
                 "sram_bytes": 270336, "flash_bytes": 4194304}
                """);
        Map<String, BoardSpec> boards = Boards.load(dir);
        assertEquals(65536, boards.get("my-m4").sramBytes());
        assertEquals(0x20000000L, boards.get("my-m4").regions().get(0).origin());
        assertEquals(4194304, boards.get("rpi-pico").flashBytes());
    }

    @Test
    void badDescriptorsNameTheFileAndTheField() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Boards.parse("{\"id\": \"x\", \"core\": \"cortex-m4\", \"arch\": \"armv7e-m\", \"clock_hz\": 1}",
                        "x.json"));
        assertTrue(missing.getMessage().startsWith("x.json: field 'flash_bytes'"), missing.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> Boards.parse("{not json", "y.json"));
        assertTrue(garbage.getMessage().startsWith("y.json: not valid JSON"), garbage.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Boards.get("nope"));
        assertTrue(unknown.getMessage().contains("unknown board 'nope'") && unknown.getMessage().contains(Boards.DEFAULT),
                unknown.getMessage());
    }

    @Test
    void anOverBudgetModelSaysByHowMuchAndWhereThePeakIs() {
        GraphBuilder b = new GraphBuilder("big");
        b.input("x", new int[] {1, 32, 32, 8}, DType.INT8, Quant.perTensor(0.05f, -3));
        float[] scales = new float[32];
        java.util.Arrays.fill(scales, 0.01f);
        b.tensor(Tensor.constInt8("w", new int[] {32, 3, 3, 8}, new byte[32 * 72], Quant.perChannel(scales, 0)));
        float[] biasScales = new float[32];
        java.util.Arrays.fill(biasScales, 0.0005f);
        b.tensor(Tensor.constInt32("b", new int[] {32}, new int[32], Quant.perChannel(biasScales, 0)));
        b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU), List.of("x", "w", "b"),
                "y");
        b.tensor(b.tensor("y").withQuant(DType.INT8, Quant.perTensor(0.1f, -128)));
        Graph g = b.output("y").build();
        BoardSpec tiny = Boards.parse("""
                {"id": "tiny", "core": "cortex-m0plus", "arch": "armv6-m", "clock_hz": 48000000,
                 "sram_bytes": 16384, "flash_bytes": 65536,
                 "regions": [{"name": "FLASH", "origin": "0x0", "bytes": 65536},
                             {"name": "RAM", "origin": "0x20000000", "bytes": 16384}],
                 "qemu": {"machine": "mps2-an385", "cpu": "cortex-m3"}}
                """, "tiny.json");
        ModelFit fit = ModelFit.of(g, tiny);
        assertFalse(fit.fits());
        // the 3x3 conv overlaps the input rows it has consumed: input 8192 B starts 25088 B above the output
        // (row 31 of 1024 B output rows, input rows from 30 on still needed), so 25088 + 8192 bytes
        long need = 25088 + 32 * 32 * 8;
        assertEquals(need, fit.sramBytes());
        String msg = fit.problems().get(0);
        long overBy = need + ModelFit.HARNESS_RAM_BYTES + LinkerScript.STACK_RESERVE_BYTES - 16384;
        assertTrue(msg.contains("over by " + overBy + " bytes") && msg.contains("op 0 CONV_2D 'y'")
                && msg.contains("--width"), msg);
        assertTrue(ModelFit.of(g, Boards.get(Boards.DEFAULT)).fits());
    }

    /**
     * corstone-300's RODATA region (the AN547's 2 MB SRAM) adds to its storage but not to its flash figure, is
     * placed where QEMU's mps3-an547 has that memory, and a RODATA larger than a stand-in offers is refused with
     * one line naming the board, the region and what to do.
     */
    @Test
    void aRodataRegionHoldsTheConstantsThatOverflowFlash() {
        BoardSpec corstone = Boards.get("corstone-300");
        assertEquals(512L << 10, corstone.flashBytes());
        assertEquals((512L << 10) + (2L << 20), corstone.storageBytes());
        LinkerScript.MemoryMap qemu = QemuMachine.of(corstone).memoryMap(corstone);
        assertEquals(0x01000000L, qemu.rodataOrigin());
        assertEquals(2L << 20, qemu.rodataBytes());
        String script = LinkerScript.text(corstone, qemu);
        assertTrue(script.contains("} > RODATA") && script.indexOf(".data :") < script.indexOf(".rodata :"), script);
        assertEquals(List.of("-Wl,--enable-non-contiguous-regions"), LinkerScript.linkFlags(corstone));
        BoardSpec m7 = Boards.get("stm32f746g-disco");
        assertEquals(m7.flashBytes(), m7.storageBytes());
        assertTrue(LinkerScript.linkFlags(m7).isEmpty());
        assertFalse(LinkerScript.text(m7, LinkerScript.MemoryMap.of(m7)).contains("RODATA"));

        BoardSpec big = Boards.parse("""
                {"id": "big-m55", "core": "cortex-m55", "arch": "armv8.1-m.main", "clock_hz": 32000000,
                 "sram_bytes": 524288, "flash_bytes": 524288,
                 "regions": [{"name": "FLASH", "origin": "0x0", "bytes": 524288},
                             {"name": "RAM", "origin": "0x20000000", "bytes": 524288},
                             {"name": "RODATA", "origin": "0x01000000", "bytes": 4194304}],
                 "qemu": {"machine": "mps3-an547", "cpu": "cortex-m55"}}
                """, "big-m55.json");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> QemuMachine.of(big).memoryMap(big));
        assertTrue(e.getMessage().contains("big-m55") && e.getMessage().contains("\"RODATA\" region (4194304 B)")
                && e.getMessage().contains("2097152") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theHintToUsePatchesIsGivenOnlyWhenThereAreNone() {
        GraphBuilder b = new GraphBuilder("two");
        b.input("x", new int[] {1, 32, 32, 8}, DType.INT8, Quant.perTensor(0.05f, -3));
        float[] scales = new float[8];
        java.util.Arrays.fill(scales, 0.01f);
        float[] biasScales = new float[8];
        java.util.Arrays.fill(biasScales, 0.0005f);
        String in = "x";
        for (String layer : List.of("c1", "c2")) {
            b.tensor(Tensor.constInt8(layer + "/w", new int[] {8, 3, 3, 8}, new byte[8 * 72], Quant.perChannel(scales, 0)));
            b.tensor(Tensor.constInt32(layer + "/b", new int[] {8}, new int[8], Quant.perChannel(biasScales, 0)));
            b.add(Conv2d.OP, new Conv2d.Params(1, 1, 1, 1, Padding.SAME, Activation.RELU), List.of(in, layer + "/w",
                    layer + "/b"), layer);
            b.tensor(b.tensor(layer).withQuant(DType.INT8, Quant.perTensor(0.1f, -128)));
            in = layer;
        }
        Graph g = b.output("c2").build();
        BoardSpec tiny = Boards.parse("""
                {"id": "tiny", "core": "cortex-m0plus", "arch": "armv6-m", "clock_hz": 48000000,
                 "sram_bytes": 6144, "flash_bytes": 65536,
                 "regions": [{"name": "FLASH", "origin": "0x0", "bytes": 65536},
                             {"name": "RAM", "origin": "0x20000000", "bytes": 6144}],
                 "qemu": {"machine": "mps2-an385", "cpu": "cortex-m3"}}
                """, "tiny.json");
        dev.tinyforge.plan.ModelPlan unpatched = dev.tinyforge.plan.ModelPlan.of(g, tiny.target());
        dev.tinyforge.plan.ModelPlan patched = dev.tinyforge.plan.ModelPlan.patched(g, tiny.target(),
                dev.tinyforge.plan.PatchPlanner.plan(g, tiny.target(), 1, 2));
        for (dev.tinyforge.plan.ModelPlan plan : List.of(unpatched, patched)) {
            ModelFit fit = new ModelFit(tiny, plan, FlashModel.dataOnly(
                    dev.tinyforge.cgen.CEmitter.emit(plan, "tfg_two", ""), "not measured"));
            assertFalse(fit.fits());
            String msg = fit.problems().get(0);
            assertEquals(plan.patches() == null, msg.contains("--patches auto"), msg);
        }
    }
}

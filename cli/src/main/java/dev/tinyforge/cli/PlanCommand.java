package dev.tinyforge.cli;

import dev.tinyforge.boards.BoardSpec;
import dev.tinyforge.boards.FirmwareProject;
import dev.tinyforge.boards.FlashModel;
import dev.tinyforge.boards.LinkerScript;
import dev.tinyforge.boards.ModelFit;
import dev.tinyforge.deploy.FirmwareJob;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.MemoryPlan;
import dev.tinyforge.plan.MemoryPlanner;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.plan.PatchPlan;
import dev.tinyforge.plan.PatchPlanner;
import dev.tinyforge.target.Target;
import dev.tinyforge.target.Toolchain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge plan}: the memory plan of a model for a board: peak SRAM (the planned arena),
 * flash, whether it fits, per-layer live memory; optionally the planners side by side and a PNG
 * chart. Exits 1 when the model does not fit, saying by how much and where the peak is. With
 * {@code --patches} the figures are those of patch-based inference ({@link PatchOption}).
 */
@Command(name = "plan", description = "Plan a model's memory for a board: peak SRAM, flash, fit, per-layer memory.")
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Mixin
    BoardOption board;

    @Option(names = "--json", description = "Print JSON (keys include peak_sram_bytes, flash_bytes, fits, layers).")
    boolean json;

    @Option(names = "--png", paramLabel = "FILE.png", description = "Also draw the per-layer live memory as a PNG chart.")
    Path png;

    @Option(names = "--compare", description = "Also show the arena of the naive, TFLM greedy-by-size and "
            + "no-in-place plans, and the smallest with patches (any legal N:p).")
    boolean compare;

    @Mixin
    PatchOption patches;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        BoardSpec b = board.spec();
        if (png != null) {
            ModelFiles.checkOutputFile(png);
        }
        Graph g = ModelFiles.readModel(file);
        PatchPlan pp = patches.resolve(g, b);
        Target t = b.target();
        ModelFit fit = FirmwareJob.of(file.toString(), ModelFiles.provenance(file, g), g, b, pp, null, 1,
                FirmwareProject.Console.defaultFor(b)).fit();
        long unpatchedArena = pp == null ? fit.sramBytes() : ModelPlan.of(g, t).arenaBytes();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Long> planners = new LinkedHashMap<>();
        PatchPlan smallest = null;
        if (compare) {
            planners.put("naive", MemoryPlanner.naive(g, t).arenaBytes());
            planners.put("tflm_greedy_by_size", MemoryPlanner.plan(g, t, MemoryPlanner.Options.tflmGreedy())
                    .arenaBytes());
            planners.put("ours_without_in_place", MemoryPlanner.plan(g, t, MemoryPlanner.Options.withoutInPlace())
                    .arenaBytes());
            planners.put("ours", unpatchedArena);
            smallest = PatchPlanner.smallest(g, t).orElse(null);
            planners.put("with_patches", smallest == null ? unpatchedArena : smallest.arenaBytes());
        }
        if (png != null) {
            List<String> labels = new ArrayList<>();
            for (ModelPlan.Layer l : fit.layers()) {
                labels.add("op " + l.op() + " " + l.kind() + " '" + l.output() + "'");
            }
            try (OutputStream o = Files.newOutputStream(png)) {
                MemoryChart.png(file.getFileName() + " on " + b.id() + ": live activation memory per op",
                        fit.layers().stream().mapToLong(ModelPlan.Layer::liveBytes).toArray(), labels, fit.sramBytes(),
                        b.sramBytes(), o);
            }
        }
        if (json) {
            Map<String, Object> r = report(fit, planners, pp);
            if (compare) {
                r.put("smallest_with_patches", smallest == null ? null : PatchOption.json(smallest));
            }
            out.println(Json.write(r));
        } else {
            print(out, fit, planners, pp);
        }
        if (!fit.fits()) {
            PrintWriter err = spec.commandLine().getErr();
            for (String p : fit.problems()) {
                err.println("tinyforge: error: " + file + " " + p);
            }
            return 1;
        }
        return 0;
    }

    private static Map<String, Object> report(ModelFit fit, Map<String, Long> planners, PatchPlan pp) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("board", fit.board().id());
        r.put("peak_sram_bytes", fit.sramBytes());
        r.put("flash_bytes", fit.flashBytes());
        r.put("flash_data_bytes", fit.flash().dataBytes());
        r.put("flash_code_bytes", fit.flash().codeMeasured() ? fit.flash().codeBytes() : null);
        r.put("flash_kernel_bytes", fit.flash().kernels());
        r.put("flash_runtime_bytes", fit.flash().codeMeasured() ? fit.flash().runtimeBytes() : null);
        r.put("stack_reserve_bytes", fit.board().isLinux() ? null : LinkerScript.STACK_RESERVE_BYTES);
        r.put("harness_ram_bytes", fit.board().isLinux() ? null : ModelFit.HARNESS_RAM_BYTES);
        r.put("sram_limit_bytes", fit.board().sramBytes());
        r.put("flash_limit_bytes", fit.board().hasFlashLimit() ? fit.board().storageBytes() : null);
        r.put("fits", fit.fits());
        r.put("peak_op", fit.peakOp());
        r.put("strategy", (pp == null ? "" : "patch-based, then ") + fit.plan().memory().strategy());
        r.put("patches", pp == null ? null : PatchOption.json(pp));
        if (!planners.isEmpty()) {
            r.put("planners", planners);
        }
        r.put("problems", fit.problems());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (ModelPlan.Layer l : fit.layers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", l.op());
            m.put("kind", l.kind());
            m.put("output", l.output());
            m.put("live_bytes", l.liveBytes());
            m.put("in_place", pp == null ? fit.plan().memory().inPlace().contains(l.op())
                    : l.op() >= pp.ops() && pp.restPlan().inPlace().contains(l.op() - pp.ops()));
            if (pp != null) {
                m.put("in_patches", l.op() < pp.ops());
            }
            layers.add(m);
        }
        r.put("layers", layers);
        return r;
    }

    private void print(PrintWriter out, ModelFit fit, Map<String, Long> planners, PatchPlan pp) {
        BoardSpec b = fit.board();
        MemoryPlan plan = fit.plan().memory();
        out.printf("%s on %s (%s, %d MHz)%n", file, b.id(), b.core(), b.clockHz() / 1_000_000);
        out.printf("  SRAM  %10s of %10s  %s%s%n", Format.bytes(fit.sramBytes()), Format.bytes(b.sramBytes()),
                fit.fitsSram() ? "fits" : "DOES NOT FIT", b.isLinux() ? "" : " (arena; the firmware adds "
                        + (ModelFit.staticRamBytes(fit.sramBytes()) - fit.sramBytes()) + " B of harness and alignment and keeps " + LinkerScript.STACK_RESERVE_BYTES
                        + " B for the stack)");
        out.printf("  flash %10s of %10s  %s%n", Format.bytes(fit.flashBytes()),
                Format.flashLimit(b), fit.fitsFlash() ? "fits" : "DOES NOT FIT");
        FlashModel flash = fit.flash();
        out.printf("        %10s weights, biases, requantization tables%n", Format.bytes(flash.dataBytes()));
        if (flash.codeMeasured()) {
            out.printf("        %10s layer calls and parameters%n", Format.bytes(flash.codeBytes()));
            out.printf("        %10s kernels: %s%n", Format.bytes(flash.kernelBytes()),
                    String.join(" ", flash.kernels().keySet()));
            out.printf("        %10s runtime: startup, harness, library helpers (%s)%n",
                    Format.bytes(flash.runtimeBytes()), Toolchain.of(b.target()).compiler());
        } else {
            out.printf("        (%s)%n", flash.note());
        }
        if (pp != null) {
            out.printf("  patches: %s%n", pp.describe());
        }
        out.printf("  plan: %s; peak at %s%n", plan.strategy(), fit.peakDescription());
        planners.forEach((k, v) -> out.printf("  %-22s %10s%n", k.replace('_', ' '), Format.bytes(v)));
        out.printf("%5s %5s  %-20s %-32s %12s%n", "step", "op", "kind", "output", "live bytes");
        for (ModelPlan.Layer l : fit.layers()) {
            out.printf("%5d %5d  %-20s %-32s %12s%s%n", l.position(), l.op(), l.kind(), abbreviate(l.output()),
                    Format.count(l.liveBytes()), pp != null && l.op() < pp.ops() ? "  in patches"
                            : plan.inPlace().contains(l.op() - (pp == null ? 0 : pp.ops())) ? "  in place" : "");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : "…" + s.substring(s.length() - 31);
    }
}

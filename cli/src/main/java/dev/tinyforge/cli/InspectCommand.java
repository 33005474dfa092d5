package dev.tinyforge.cli;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tinyforge inspect}: ops with shapes, params, MACs and tensor sizes of a {@code .tflite} file. */
@Command(name = "inspect", description = "Show the ops, shapes, params, MACs and tensor sizes of a .tflite file.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.tflite")
    Path file;

    @Option(names = "--json", description = "Print JSON (keys include params, macs, ops).")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Graph g = ModelFiles.readModel(file);
        Map<String, Object> report = report(g);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(report));
            return 0;
        }
        out.printf("%s: graph '%s', %d ops, params %s, MACs %s, constants %s, largest activation %s%n", file,
                g.name(), g.ops().size(), Format.count(g.params()), Format.count(g.macs()),
                Format.bytes((long) report.get("constant_bytes")), Format.bytes((long) report.get("largest_activation_bytes")));
        for (String in : g.inputs()) {
            out.println("  input   " + describe(g.tensor(in)));
        }
        for (String o : g.outputs()) {
            out.println("  output  " + describe(g.tensor(o)));
        }
        out.printf("%4s  %-24s %-28s %-18s %10s %14s %10s%n", "#", "op", "output", "shape", "params", "MACs", "out bytes");
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            Tensor t = g.tensor(op.output());
            out.printf("%4d  %-24s %-28s %-18s %10s %14s %10s%n", i, op.kind(), abbreviate(op.output(), 28),
                    Format.shape(t.shape()), Format.count(g.params(op)), Format.count(g.macs(op)),
                    Format.count(t.sizeBytes()));
        }
        if (!g.metadata().isEmpty()) {
            out.println("metadata:");
            g.metadata().forEach((k, v) -> out.println("  " + k + " = " + v));
        }
        return 0;
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }

    private static String describe(Tensor t) {
        return t.name() + " " + Format.shape(t.shape()) + " " + t.dtype()
                + (t.quant() == null ? "" : " scale " + t.quant().scale() + " zero point " + t.quant().zeroPoint());
    }

    /** The inspection as plain maps and lists, for JSON. */
    static Map<String, Object> report(Graph g) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", g.name());
        r.put("params", g.params());
        r.put("macs", g.macs());
        long constants = 0;
        long largest = 0;
        for (Tensor t : g.tensors()) {
            if (t.isConstant()) {
                constants += t.sizeBytes();
            } else {
                largest = Math.max(largest, t.sizeBytes());
            }
        }
        r.put("constant_bytes", constants);
        r.put("largest_activation_bytes", largest);
        r.put("inputs", tensors(g, g.inputs()));
        r.put("outputs", tensors(g, g.outputs()));
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < g.ops().size(); i++) {
            Op op = g.ops().get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("index", i);
            o.put("op", op.kind().name());
            o.put("inputs", tensors(g, op.inputs()));
            o.put("outputs", tensors(g, op.outputs()));
            o.put("params", g.params(op));
            o.put("macs", g.macs(op));
            ops.add(o);
        }
        r.put("ops", ops);
        r.put("metadata", g.metadata());
        return r;
    }

    private static List<Map<String, Object>> tensors(Graph g, List<String> names) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String n : names) {
            Tensor t = g.tensor(n);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("shape", t.shape());
            m.put("dtype", t.dtype().name());
            m.put("bytes", t.sizeBytes());
            m.put("constant", t.isConstant());
            if (t.quant() != null) {
                m.put("scale", t.quant().isPerChannel() ? t.quant().scales() : t.quant().scale());
                m.put("zero_point", t.quant().isPerChannel() ? t.quant().zeroPoints() : t.quant().zeroPoint());
            }
            list.add(m);
        }
        return list;
    }
}

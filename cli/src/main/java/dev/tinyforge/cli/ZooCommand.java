package dev.tinyforge.cli;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.zoo.Architecture;
import dev.tinyforge.zoo.Zoo;
import dev.tinyforge.zoo.ZooConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tinyforge zoo}: the architectures with their parameters and MACs at default configuration. */
@Command(name = "zoo", description = "List the architecture zoo with params and MACs at default configuration.")
final class ZooCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON: a list of {name, params, macs, ...}.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Architecture a : Zoo.all()) {
            ZooConfig c = a.defaultConfig();
            Graph g = a.build(c).graph();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", a.name());
            row.put("params", g.params());
            row.put("macs", g.macs());
            row.put("width", c.width());
            row.put("resolution", c.resolution());
            row.put("classes", c.classes());
            row.put("input_channels", c.inputChannels());
            row.put("description", a.description());
            rows.add(row);
        }
        if (json) {
            out.println(Json.write(rows));
            return 0;
        }
        out.printf("%-28s %12s %14s  %s%n", "architecture", "params", "MACs", "default config");
        for (Map<String, Object> r : rows) {
            out.printf("%-28s %12s %14s  w%s r%s %s classes, %s ch%n", r.get("name"),
                    Format.count((long) r.get("params")), Format.count((long) r.get("macs")), r.get("width"),
                    r.get("resolution"), r.get("classes"), r.get("input_channels"));
        }
        return 0;
    }
}

package dev.tinyforge.cli;

import dev.tinyforge.data.DataSplits;
import dev.tinyforge.data.Dataset;
import dev.tinyforge.data.Subset;
import dev.tinyforge.eval.ConfusionChart;
import dev.tinyforge.eval.Evaluation;
import dev.tinyforge.eval.Evaluator;
import dev.tinyforge.runtime.Runner;
import dev.tinyforge.runtime.RunnerOptions;
import dev.tinyforge.runtime.Runners;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinyforge eval}: a classifier's top-1 and per-class accuracy on a dataset's test set, through
 * TFLite or the generated C, and its confusion matrix as a PNG.
 */
@Command(name = "eval", description = "Top-1 and per-class accuracy of a .tflite classifier on a dataset's test set (TFLite or native), and a confusion-matrix PNG.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL.tflite")
    Path file;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "fashion-mnist, idx:DIR or images:DIR (its test set, or a held-out fifth).")
    String dataset;

    @Option(names = "--backend", defaultValue = "tflite", paramLabel = "tflite|native",
            description = "Who runs the model (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N test images.")
    Integer limit;

    @Option(names = "--png", paramLabel = "FILE", description = "Confusion matrix PNG (default: MODEL-confusion.png).")
    Path png;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        Path chart = png != null ? png : siblingPng(file);
        ModelFiles.checkOutputFile(chart);
        byte[] model = ModelFiles.read(file);
        model = ModelFiles.forTflite(model, dev.tinyforge.tflite.TfliteReader.read(model, file.toString()), file,
                spec.commandLine().getErr());
        Dataset test = DataSplits.open(dataset).test();
        if (limit != null) {
            test = Subset.first(test, limit);
        }
        Evaluation e;
        try (Runner r = Runners.open(backend, model, file.toString(), RunnerOptions.reference())) {
            e = Evaluator.evaluate(r, file.getFileName().toString(), test,
                    new ConsoleProgress(spec.commandLine().getErr()));
        }
        try (OutputStream out = Files.newOutputStream(chart)) {
            ConfusionChart.png(e, out);
        }
        print(e, chart, spec.commandLine().getOut());
        return 0;
    }

    private void print(Evaluation e, Path chart, PrintWriter out) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", file.toString());
            m.put("dataset", e.dataset());
            m.put("backend", e.backend());
            m.put("images", e.images());
            m.put("top1", e.accuracy());
            Map<String, Double> perClass = new LinkedHashMap<>();
            for (int c = 0; c < e.classNames().size(); c++) {
                perClass.put(e.classNames().get(c), e.classAccuracy(c));
            }
            m.put("per_class", perClass);
            m.put("confusion", e.confusion());
            m.put("confusion_png", chart.toString());
            out.println(Json.write(m));
            return;
        }
        out.printf("%s on %s (%s): top-1 %.2f%% (%d of %d)%n", file, e.dataset(), e.backend(), 100 * e.accuracy(),
                e.correct(), e.images());
        int width = e.classNames().stream().mapToInt(String::length).max().orElse(5);
        for (int c = 0; c < e.classNames().size(); c++) {
            out.printf("  %-" + width + "s  %6.2f%%  (%d images)%n", e.classNames().get(c), 100 * e.classAccuracy(c),
                    e.support(c));
        }
        out.println("confusion matrix: " + chart);
    }

    private static Path siblingPng(Path model) {
        String name = model.getFileName().toString().replaceFirst("\\.tflite$", "");
        Path dir = model.toAbsolutePath().getParent();
        return dir.resolve(name + "-confusion.png");
    }
}

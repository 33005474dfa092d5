package dev.tinyforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinyforge.boards.BoardSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tinyforge demo}: the whole product in one command on the default board. A small search on
 * Fashion-MNIST (regularized evolution in a fixed MCU-sized cell, short proxy trainings), the winner trained
 * for a few epochs, quantized to int8 on real images, checked bit-exact against TFLite, built into firmware
 * and run on the board's QEMU stand-in. It runs the same commands a user would ({@code search},
 * {@code train}, {@code verify}, {@code bench}), so what it shows is what they do, and prints each step's
 * command line first.
 */
@Command(name = "demo", description = {"Search, train, quantize, verify, build and run on the board's QEMU stand-in: "
        + "the whole pipeline on Fashion-MNIST in a few minutes. Prints accuracy, SRAM and flash against the "
        + "board, latency, and where the search report is."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    BoardOption board;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "demo",
            description = "Where the search, the model and the firmware go (default: ./demo).")
    Path output;

    @Option(names = "--quick", description = "A smaller demo (2 candidates, 1 short epoch): what CI runs.")
    boolean quick;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the search and the training.")
    long seed;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BoardSpec b = board.spec();
        Path search = output.resolve("search");
        Path model = output.resolve("model.tflite");
        CommandSteps steps = new CommandSteps("demo", out, err, verbose.verbose);
        String evaluations = quick ? "2" : "6";
        String proxySteps = quick ? "20" : "100";
        steps.run("search", "--board", b.id(), "--dataset", "fashion-mnist", "--width", "0.35", "--resolution", "32",
                "--strategy", "evolution", "--population", quick ? "2" : "4", "--tournament", "2", "--evaluations",
                evaluations, "--proxy-steps", proxySteps, "--proxy-batch", "32", "--proxy-images", quick ? "500" : "3000",
                "--final-epochs", "0", "--seed", Long.toString(seed), "-o", search.toString());
        steps.run("train", search.resolve("winner.json").toString(), "--dataset", "fashion-mnist", "--epochs",
                quick ? "2" : "3", "--limit", quick ? "2000" : "15000", "--batch", "64", "--lr", "0.1", "--warmup", "0",
                "--seed", Long.toString(seed), "-o", model.toString());
        steps.run("verify", model.toString(), "--inputs", quick ? "3" : "10");
        String bench = steps.run("bench", model.toString(), "--board", b.id(), "--emulate", "--json");
        JsonNode trained = new ObjectMapper().readTree(Files.readString(output.resolve("model.json")));
        JsonNode ran = new ObjectMapper().readTree(bench);
        if (!ran.get("matches_tflite").asBoolean()) {
            throw new IllegalStateException("the firmware's output on " + b.id() + " differs from TFLite's: a bug;"
                    + " rerun with --verbose and report it");
        }
        out.println();
        out.printf(Locale.ROOT, "demo on %s: int8 test accuracy %.2f%% (float %.2f%%) on Fashion-MNIST's 10,000 test images%n",
                b.id(), 100 * trained.get("int8_test_accuracy").asDouble(), 100 * trained.get("float_test_accuracy").asDouble());
        out.printf(Locale.ROOT, "  SRAM  %s of %s (arena %s)%n", Format.bytes(ran.get("ram_bytes").asLong()),
                Format.bytes(b.sramBytes()), Format.bytes(ran.get("arena_bytes").asLong()));
        out.printf(Locale.ROOT, "  flash %s of %s%n", Format.bytes(ran.get("flash_bytes").asLong()),
                Format.flashLimit(b));
        out.printf(Locale.ROOT, "  latency %.1f ms (%s)%n", ran.get("latency_ms").asDouble(), ran.get("latency_basis").asText());
        out.printf(Locale.ROOT, "  output bytes on the QEMU stand-in equal TFLite's%n");
        out.println("report: " + search.resolve("report.html") + " (open it in a browser); model: " + model);
        return 0;
    }
}

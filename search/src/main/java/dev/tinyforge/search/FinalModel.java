package dev.tinyforge.search;

/**
 * The search winner after its full training and its firmware run: what {@code result.json} reports at
 * the top level, so that a user reads the figures of the model the search hands over, not those of the
 * short proxy training that ranked it. Every figure is measured: the accuracies on the dataset's test
 * split (int8 by the TFLite interpreter on the exported model), memory from the linker, latency from
 * the instructions (or cycles) of the firmware run.
 *
 * @param epochs epochs of the final training
 * @param trainImages training images per epoch (the training split, or the sample it was limited to)
 * @param agreement share of test images on which the int8 and the float model pick the same class
 * @param trainSeconds wall time of the final training, quantization and test evaluation included
 * @param ramBytes the firmware's RAM (.data + .bss: arena and harness) from the linker
 * @param flashBytes the firmware's flash from the linker
 * @param latencyMs latency of one inference at the board's clock, or null where the run gives none
 * @param latencyBasis how the latency was obtained (emulated instructions at one per cycle, or cycles)
 * @param matchesTflite whether the firmware's output bytes equal TFLite's on the same input
 */
public record FinalModel(int epochs, int trainImages, double floatAccuracy, double int8Accuracy, double agreement,
        double trainSeconds, long ramBytes, long arenaBytes, long flashBytes, Double latencyMs, String latencyBasis,
        boolean matchesTflite) {
}

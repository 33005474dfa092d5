package dev.tinyforge.search;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.BlockSpec;
import dev.tinyforge.zoo.ClassifierSpec;
import dev.tinyforge.zoo.ConvBlockSpec;
import dev.tinyforge.zoo.ConvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A shallow plain CNN at the dataset's own scale (VGG-style stages of regular convolutions), for small
 * images such as Fashion-MNIST's 28×28 and for short time budgets: the
 * MobileNet-like spaces have 16 to 26 blocks, and on two cores their training costs about 2 ms per
 * image however few MACs a sample has (measured, docs/search.md), so a 15-minute search cannot train
 * their winner for long enough. A network of this space has 4 to 10 layers.
 *
 * <p>Skeleton: a 3×3 stem of 32 at stride 1, three stages of 32, 64 and 128 channels, each starting at
 * stride 2, global average pooling and the classifier, ReLU. Each stage repeats a regular k×k
 * convolution (k 3 or 5) 1 to 3 times, its width 0.5, 1 or 1.5 times the stage's. Widths are then
 * scaled by the width multiplier; the grid of stage 1 runs from 0.25 to 2.5 and over resolutions 24 to
 * 48, around the 28×28 of the datasets this space is for.
 *
 * <p>Draw order per stage: kernel, layers, width ratio (gene {@code ratio}).
 */
final class CnnSpace implements SearchSpace {
    private static final int STEM = 32;
    private static final int[] STAGE_OUT = {32, 64, 128};
    private static final int[] KERNELS = {3, 5};
    private static final int[] LAYERS = {1, 2, 3};
    private static final double[] RATIOS = {0.5, 1.0, 1.5};
    private static final int PER_STAGE = 3;
    private static final double[] WIDTHS = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5};
    private static final int[] RESOLUTIONS = {24, 28, 32, 36, 40, 44, 48};

    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public String description() {
        return "shallow plain CNN for small images: 3 stages of conv k{3,5}, 1-3 layers, width x{0.5,1,1.5}";
    }

    @Override
    public double[] widths() {
        return WIDTHS.clone();
    }

    @Override
    public int[] resolutions() {
        return RESOLUTIONS.clone();
    }

    @Override
    public List<String> geneNames() {
        return SearchSpace.stageGeneNames(STAGE_OUT.length, "kernel", "layers", "ratio");
    }

    @Override
    public int[] geneArity() {
        return SearchSpace.stageGeneArity(STAGE_OUT.length, KERNELS.length, LAYERS.length, RATIOS.length);
    }

    @Override
    public int[] sampleGenes(SplittableRandom random) {
        int[] genes = new int[STAGE_OUT.length * PER_STAGE];
        for (int s = 0; s < STAGE_OUT.length; s++) {
            genes[s * PER_STAGE] = random.nextInt(KERNELS.length);
            genes[s * PER_STAGE + 1] = random.nextInt(LAYERS.length);
            genes[s * PER_STAGE + 2] = random.nextInt(RATIOS.length);
        }
        return genes;
    }

    @Override
    public boolean geneActive(int[] genes, int index) {
        return true;
    }

    @Override
    public ArchitectureSpec decode(int[] genes, double width, int resolution, int classes, int inputChannels) {
        checkGenes(genes);
        List<BlockSpec> blocks = new ArrayList<>();
        for (int s = 0; s < STAGE_OUT.length; s++) {
            int b = s * PER_STAGE;
            stage(blocks, s, KERNELS[genes[b]], LAYERS[genes[b + 1]], RATIOS[genes[b + 2]], width);
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    @Override
    public ArchitectureSpec smallest(double width, int resolution, int classes, int inputChannels) {
        List<BlockSpec> blocks = new ArrayList<>();
        for (int s = 0; s < STAGE_OUT.length; s++) {
            stage(blocks, s, KERNELS[0], LAYERS[0], RATIOS[0], width);
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    private static void stage(List<BlockSpec> blocks, int s, int k, int layers, double ratio, double width) {
        int out = SearchSpace.scaled((int) Math.round(STAGE_OUT[s] * ratio), width);
        for (int i = 0; i < layers; i++) {
            blocks.add(new ConvBlockSpec(null, k, out, i == 0 ? 2 : 1, null, null));
        }
    }

    private ArchitectureSpec spec(List<BlockSpec> blocks, double width, int resolution, int classes,
            int inputChannels) {
        return new ArchitectureSpec(ArchitectureSpec.VERSION, name(), SearchSpace.describe(this, width, resolution),
                resolution, classes, inputChannels, Activation.RELU, ArchitectureSpec.DEFAULT_CHANNEL_DIVISOR,
                ConvSpec.of(3, SearchSpace.scaled(STEM, width), 1), blocks, null, ClassifierSpec.PLAIN, 1, List.of());
    }
}

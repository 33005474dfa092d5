package dev.tinyforge.search;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.BlockSpec;
import dev.tinyforge.zoo.ClassifierSpec;
import dev.tinyforge.zoo.ConvBlockSpec;
import dev.tinyforge.zoo.ConvSpec;
import dev.tinyforge.zoo.MbConvSpec;
import dev.tinyforge.zoo.SqueezeExciteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MnasNet's factorized hierarchical space (Tan et al., CVPR 2019, Fig. 4) on MnasNet-A1's skeleton: a
 * 3×3/2 stem of 32, seven stages (widths 16, 24, 40, 80, 112, 160, 320; strides 1, 2, 2, 2, 1, 2, 1;
 * MnasNet-A1's layer counts 1, 2, 3, 4, 2, 3, 1 as the base), a 1×1 head of 1280, ReLU. Each stage
 * repeats one block chosen for it: the op (regular convolution, depthwise-separable convolution, MBConv
 * with expansion 3 or 6), the kernel (3 or 5), squeeze-excitation (ratio 0.25 of the block input,
 * MnasNet's rule) or not, the identity skip (on blocks of stride 1 and equal widths) or not, and the
 * number of layers (the base −1, +0 or +1, at least 1). The regular convolution is a plain conv layer:
 * it takes neither squeeze-excitation nor a skip, so those two choices are drawn but recorded as off
 * for it. Widths are scaled by the width multiplier.
 *
 * <p>Draw order per stage: op, kernel, squeeze-excitation, skip, layers; the same five are the stage's
 * genes in stage 2, squeeze-excitation and skip inactive under the regular convolution.
 */
final class MnasNetSpace implements SearchSpace {
    /** The per-stage ops. */
    enum Op { CONV, SEP_CONV, MBCONV3, MBCONV6 }

    private static final int[] STAGE_OUT = {16, 24, 40, 80, 112, 160, 320};
    private static final int[] STAGE_STRIDE = {1, 2, 2, 2, 1, 2, 1};
    private static final int[] BASE_LAYERS = {1, 2, 3, 4, 2, 3, 1};
    private static final int[] KERNELS = {3, 5};
    private static final int[] LAYER_DELTA = {-1, 0, 1};

    @Override
    public String name() {
        return "mnasnet";
    }

    @Override
    public String description() {
        return "MnasNet factorized hierarchical: per stage op (conv, sep-conv, MBConv e3/e6), kernel {3,5}, SE, skip,"
                + " layers (base -1/0/+1)";
    }

    /** Genes per stage: op, kernel, squeeze-excitation, skip, layers. */
    private static final int PER_STAGE = 5;

    @Override
    public List<String> geneNames() {
        return SearchSpace.stageGeneNames(STAGE_OUT.length, "op", "kernel", "se", "skip", "layers");
    }

    @Override
    public int[] geneArity() {
        return SearchSpace.stageGeneArity(STAGE_OUT.length, Op.values().length, KERNELS.length, 2, 2,
                LAYER_DELTA.length);
    }

    @Override
    public int[] sampleGenes(SplittableRandom random) {
        int[] genes = new int[STAGE_OUT.length * PER_STAGE];
        for (int s = 0; s < STAGE_OUT.length; s++) {
            genes[s * PER_STAGE] = random.nextInt(Op.values().length);
            genes[s * PER_STAGE + 1] = random.nextInt(KERNELS.length);
            genes[s * PER_STAGE + 2] = random.nextBoolean() ? 1 : 0;
            genes[s * PER_STAGE + 3] = random.nextBoolean() ? 1 : 0;
            genes[s * PER_STAGE + 4] = random.nextInt(LAYER_DELTA.length);
        }
        return genes;
    }

    @Override
    public boolean geneActive(int[] genes, int index) {
        int offset = index % PER_STAGE;
        boolean conv = Op.values()[genes[index - offset]] == Op.CONV;
        return !(conv && (offset == 2 || offset == 3));
    }

    @Override
    public ArchitectureSpec decode(int[] genes, double width, int resolution, int classes, int inputChannels) {
        checkGenes(genes);
        List<BlockSpec> blocks = new ArrayList<>();
        for (int s = 0; s < STAGE_OUT.length; s++) {
            int b = s * PER_STAGE;
            int layers = Math.max(1, BASE_LAYERS[s] + LAYER_DELTA[genes[b + 4]]);
            stage(blocks, s, Op.values()[genes[b]], KERNELS[genes[b + 1]], genes[b + 2] == 1, genes[b + 3] == 1, layers,
                    width);
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    @Override
    public ArchitectureSpec smallest(double width, int resolution, int classes, int inputChannels) {
        List<BlockSpec> blocks = new ArrayList<>();
        for (int s = 0; s < STAGE_OUT.length; s++) {
            stage(blocks, s, Op.SEP_CONV, KERNELS[0], false, false, Math.max(1, BASE_LAYERS[s] - 1), width);
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    private static void stage(List<BlockSpec> blocks, int s, Op op, int k, boolean se, boolean skip, int layers,
            double width) {
        int out = SearchSpace.scaled(STAGE_OUT[s], width);
        for (int i = 0; i < layers; i++) {
            int stride = i == 0 ? STAGE_STRIDE[s] : 1;
            if (op == Op.CONV) {
                blocks.add(new ConvBlockSpec(null, k, out, stride, null, null));
                continue;
            }
            double expand = op == Op.SEP_CONV ? 1 : op == Op.MBCONV3 ? 3 : 6;
            blocks.add(new MbConvSpec(null, k, expand, null, out, stride, skip ? null : Boolean.FALSE,
                    se ? SqueezeExciteSpec.mnasNet(0.25) : null, null));
        }
    }

    private ArchitectureSpec spec(List<BlockSpec> blocks, double width, int resolution, int classes,
            int inputChannels) {
        return new ArchitectureSpec(ArchitectureSpec.VERSION, name(), SearchSpace.describe(this, width, resolution),
                resolution, classes, inputChannels, Activation.RELU, ArchitectureSpec.DEFAULT_CHANNEL_DIVISOR,
                ConvSpec.of(3, SearchSpace.scaled(32, width), 2), blocks,
                ConvSpec.of(1, SearchSpace.scaled(1280, width), 1), ClassifierSpec.PLAIN, 1, List.of());
    }
}

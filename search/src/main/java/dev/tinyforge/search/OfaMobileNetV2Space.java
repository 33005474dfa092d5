package dev.tinyforge.search;

import dev.tinyforge.ir.Activation;
import dev.tinyforge.zoo.ArchitectureSpec;
import dev.tinyforge.zoo.BlockSpec;
import dev.tinyforge.zoo.ClassifierSpec;
import dev.tinyforge.zoo.ConvSpec;
import dev.tinyforge.zoo.MbConvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MCUNet's space (TinyNAS, after once-for-all's MobileNetV2 space; Lin et al. 2020, Cai et al. 2020):
 * a 3×3/2 stem of 32, a fixed 3×3 depthwise-separable block of 16, six stages of inverted residual
 * blocks (widths 24, 32, 64, 96, 160, 320; strides 2, 2, 2, 1, 2, 1), each of depth {2, 3, 4}, each
 * block with kernel {3, 5, 7} and expansion {3, 4, 6}, the first block of a stage with its stride and
 * the others residual, a 1×1 feature-mix layer of 1280 and the classifier, ReLU6. Every width is
 * scaled by the width multiplier (MobileNetV2's rounding to multiples of 8).
 *
 * <p>Draw order, fixed so a seed always gives the same network: per stage its depth, then per block
 * its kernel and its expansion. The genes (stage 2's genotype) are, per stage, the depth and the kernel
 * and expansion of four blocks, those beyond the depth inactive.
 */
final class OfaMobileNetV2Space implements SearchSpace {
    static final int[] KERNELS = {3, 5, 7};
    static final int[] EXPANDS = {3, 4, 6};
    static final int[] DEPTHS = {2, 3, 4};
    private static final int[] STAGE_OUT = {24, 32, 64, 96, 160, 320};
    private static final int[] STAGE_STRIDE = {2, 2, 2, 1, 2, 1};

    @Override
    public String name() {
        return "ofa-mbv2";
    }

    @Override
    public String description() {
        return "MCUNet / once-for-all MobileNetV2: per block kernel {3,5,7}, expand {3,4,6}; per stage depth {2,3,4}";
    }

    /** Genes per stage: depth, then kernel and expansion of each of up to four blocks. */
    private static final int PER_STAGE = 1 + 2 * DEPTHS[DEPTHS.length - 1];

    @Override
    public List<String> geneNames() {
        List<String> names = new ArrayList<>();
        for (int s = 0; s < STAGE_OUT.length; s++) {
            names.add("stage" + (s + 1) + ".depth");
            for (int i = 0; i < DEPTHS[DEPTHS.length - 1]; i++) {
                names.add("stage" + (s + 1) + ".block" + (i + 1) + ".kernel");
                names.add("stage" + (s + 1) + ".block" + (i + 1) + ".expand");
            }
        }
        return names;
    }

    @Override
    public int[] geneArity() {
        int[] arity = new int[STAGE_OUT.length * PER_STAGE];
        for (int s = 0; s < STAGE_OUT.length; s++) {
            arity[s * PER_STAGE] = DEPTHS.length;
            for (int i = 0; i < DEPTHS[DEPTHS.length - 1]; i++) {
                arity[s * PER_STAGE + 1 + 2 * i] = KERNELS.length;
                arity[s * PER_STAGE + 2 + 2 * i] = EXPANDS.length;
            }
        }
        return arity;
    }

    @Override
    public int[] sampleGenes(SplittableRandom random) {
        int[] genes = new int[STAGE_OUT.length * PER_STAGE];
        for (int s = 0; s < STAGE_OUT.length; s++) {
            int d = random.nextInt(DEPTHS.length);
            genes[s * PER_STAGE] = d;
            for (int i = 0; i < DEPTHS[d]; i++) {
                genes[s * PER_STAGE + 1 + 2 * i] = random.nextInt(KERNELS.length);
                genes[s * PER_STAGE + 2 + 2 * i] = random.nextInt(EXPANDS.length);
            }
        }
        return genes;
    }

    @Override
    public boolean geneActive(int[] genes, int index) {
        int offset = index % PER_STAGE;
        return offset == 0 || (offset - 1) / 2 < DEPTHS[genes[index - offset]];
    }

    @Override
    public ArchitectureSpec decode(int[] genes, double width, int resolution, int classes, int inputChannels) {
        checkGenes(genes);
        List<BlockSpec> blocks = new ArrayList<>();
        blocks.add(MbConvSpec.of(3, 1, SearchSpace.scaled(16, width), 1));
        for (int s = 0; s < STAGE_OUT.length; s++) {
            int depth = DEPTHS[genes[s * PER_STAGE]];
            for (int i = 0; i < depth; i++) {
                int k = KERNELS[genes[s * PER_STAGE + 1 + 2 * i]];
                int e = EXPANDS[genes[s * PER_STAGE + 2 + 2 * i]];
                blocks.add(MbConvSpec.of(k, e, SearchSpace.scaled(STAGE_OUT[s], width), i == 0 ? STAGE_STRIDE[s] : 1));
            }
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    @Override
    public ArchitectureSpec smallest(double width, int resolution, int classes, int inputChannels) {
        List<BlockSpec> blocks = new ArrayList<>();
        blocks.add(MbConvSpec.of(3, 1, SearchSpace.scaled(16, width), 1));
        for (int s = 0; s < STAGE_OUT.length; s++) {
            for (int i = 0; i < DEPTHS[0]; i++) {
                blocks.add(MbConvSpec.of(KERNELS[0], EXPANDS[0], SearchSpace.scaled(STAGE_OUT[s], width),
                        i == 0 ? STAGE_STRIDE[s] : 1));
            }
        }
        return spec(blocks, width, resolution, classes, inputChannels);
    }

    private ArchitectureSpec spec(List<BlockSpec> blocks, double width, int resolution, int classes,
            int inputChannels) {
        return new ArchitectureSpec(ArchitectureSpec.VERSION, name(), SearchSpace.describe(this, width, resolution),
                resolution, classes, inputChannels, Activation.RELU6, ArchitectureSpec.DEFAULT_CHANNEL_DIVISOR,
                ConvSpec.of(3, SearchSpace.scaled(32, width), 2), blocks,
                new ConvSpec("feature_mix", 1, SearchSpace.scaled(1280, width), 1, null, null),
                ClassifierSpec.PLAIN, 1, List.of());
    }
}

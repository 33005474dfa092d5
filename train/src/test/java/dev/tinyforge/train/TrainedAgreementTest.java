package dev.tinyforge.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.data.Augment;
import dev.tinyforge.data.DataSplits;
import dev.tinyforge.quant.QuantizeOptions;
import dev.tinyforge.util.Progress;
import dev.tinyforge.zoo.Zoo;
import org.junit.jupiter.api.Test;

/**
 * The int8-against-float agreement criterion on a trained network rather than a random one: ResNet-8
 * trained on 10,000 Fashion-MNIST images for 3 epochs (about a minute on 2 cores), then its int8 model
 * (calibrated on training images) and its float network both classify the 10,000 test images. Random
 * networks amplify small perturbations (see ZooExportTest); trained ones must not.
 */
class TrainedAgreementTest {

    @Test
    void int8AndFloatAgreeOnAtLeast95PercentOfTheTestSet() {
        TrainOptions options = new TrainOptions(3, 64, 0.005, OptimizerKind.ADAMW, 0.01, 0, 0, 0, 1);
        TrainPipeline.Result r = TrainPipeline.run(new TrainPipeline.Request(Zoo.get("resnet8"), 0.5, 28,
                DataSplits.open("fashion-mnist"), options, Augment.NONE, 10_000, 64, QuantizeOptions.defaults(),
                null, false), Progress.NONE);
        System.out.printf("resnet8 0.5/28, 3 epochs on 9,000 Fashion-MNIST images (%.0f s): float %.2f%%, int8 "
                + "%.2f%%, agreement %.2f%%%n", r.seconds(), 100 * r.floatTest().accuracy(),
                100 * r.int8Test().accuracy(), 100 * r.agreement());
        assertEquals(10_000, r.int8Test().images());
        assertTrue(r.floatTest().accuracy() >= 0.80, "float accuracy " + r.floatTest().accuracy());
        assertTrue(r.int8Test().accuracy() >= 0.80, "int8 accuracy " + r.int8Test().accuracy());
        assertTrue(r.agreement() >= 0.95, "int8 and float agree on " + r.agreement());
        assertTrue(Math.abs(r.int8Test().accuracy() - r.floatTest().accuracy()) < 0.01,
                "int8 within a point of float: " + r.int8Test().accuracy() + " vs " + r.floatTest().accuracy());
    }
}

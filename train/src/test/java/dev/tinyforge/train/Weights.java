package dev.tinyforge.train;

import dev.tinyforge.ir.BatchNorm;
import dev.tinyforge.ir.Tensor;
import dev.tinyforge.zoo.ZooModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Test helper: every trained number of a model (constant tensors, batch-norm records) as one byte string. */
final class Weights {
    private Weights() {
    }

    static byte[] bytes(ZooModel m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tensor t : m.graph().tensors()) {
            if (t.isConstant()) {
                out.writeBytes(t.data());
            }
        }
        for (BatchNorm bn : m.batchNorms().values()) {
            for (float[] v : new float[][] {bn.gamma(), bn.beta(), bn.mean(), bn.variance()}) {
                if (v == null) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.allocate(4 * v.length);
                b.asFloatBuffer().put(v);
                out.writeBytes(b.array());
            }
        }
        return out.toByteArray();
    }
}

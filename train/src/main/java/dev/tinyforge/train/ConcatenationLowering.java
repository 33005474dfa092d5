package dev.tinyforge.train;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ops.Concatenation;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** CONCATENATION along the IR's axis (channels of NHWC are dimension 1 of NCHW), then the fused activation. */
final class ConcatenationLowering implements OpLowering {
    @Override
    public TorchLayer lower(Op op, LoweringContext ctx) {
        Concatenation.Params p = op.params(Concatenation.Params.class);
        int rank = ctx.shape(op.output()).length;
        long dim = Layout.torchAxis(p.axis(), rank);
        if (dim == 0) {
            throw new IllegalArgumentException(op.kind() + " '" + op.output()
                    + "' concatenates along dimension 0, which the trainer uses for the batch");
        }
        List<Operand> parts = new ArrayList<>();
        for (String in : op.inputs()) {
            parts.add(ctx.operand(op, in));
        }
        return (activations, training) -> {
            Tensor[] values = new Tensor[parts.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = parts.get(i).in(activations);
            }
            Tensor y = torch.cat(new TensorVector(values), dim);
            return FusedActivation.apply(y, p.activation());
        };
    }
}

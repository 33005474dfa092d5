package dev.tinyforge.ops;

import dev.tinyforge.ir.Graph;
import dev.tinyforge.ir.Op;
import dev.tinyforge.plan.ElementwiseOp;
import dev.tinyforge.plan.InPlace;
import dev.tinyforge.plan.MemoryRule;
import dev.tinyforge.target.Target;

/**
 * A standalone element-wise activation (RELU, RELU6, LOGISTIC, HARD_SWISH): its kernel reads element i
 * before writing element i, so it runs in place over its input and on patches.
 */
public abstract class ActivationOp extends UnaryOp implements MemoryRule, ElementwiseOp {

    ActivationOp(String name, int builtinCode, int int8Version) {
        super(name, builtinCode, int8Version);
    }

    @Override
    public InPlace inPlace(Graph g, Op op, Target target) {
        return InPlace.elementwise(g, op);
    }
}

package dev.tinyforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinyforge.boards.Boards;
import dev.tinyforge.cgen.CEmitter;
import dev.tinyforge.cgen.CSource;
import dev.tinyforge.cgen.KernelCall;
import dev.tinyforge.ir.Graph;
import dev.tinyforge.plan.ModelPlan;
import dev.tinyforge.zoo.ArchitectureSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The search's flash figure against the C emitter's count of constant data, on random samples of both spaces. */
class FlashAgreementTest {

    @Test
    void constantBytesEqualTheEmitters() {
        for (SearchSpace space : SearchSpace.all()) {
            SplittableRandom rnd = new SplittableRandom(5);
            for (int i = 0; i < 10; i++) {
                ArchitectureSpec spec = space.sample(rnd, 0.25 + 0.1 * i, 32, 10, 3);
                Graph g = RealGraphs.int8(spec);
                CSource c = CEmitter.emit(ModelPlan.of(g, Boards.get(Boards.DEFAULT).target()), "m", "test");
                long figure = FlashFigure.constantBytes(SpecShapes.of(spec));
                if (figure != c.constantBytes()) {
                    for (KernelCall k : c.calls()) {
                        System.out.println(k.op() + " " + g.ops().get(k.op()).kind().name() + " " + k.constantBytes());
                    }
                }
                assertEquals(c.constantBytes(), figure, space.name() + " sample " + i);
            }
        }
    }
}

package dev.tinyforge.tflite;

import dev.tinyforge.ir.Op;
import dev.tinyforge.ir.Tensor;
import java.util.List;

/**
 * The Prepare facet of an op: what TFLite 2.20's built-in kernel checks when the interpreter allocates its
 * tensors (each kernel's {@code Prepare}), beyond what the file's structure and the op's shape rule say. A
 * file that passes our reader but fails there would run in TinyForge and be refused (or abort the process)
 * in TFLite: a silently wrong success. {@link TfliteReader} asks every op that has this facet, so the file
 * is refused with one line before anything runs it.
 */
public interface KernelPrepare {

    /**
     * What TFLite's kernel would refuse in this op, or {@code null} when it prepares it.
     *
     * @param inputs the op's inputs as the file lists them: shorter than the op's inputs when the file does not
     *     list an optional one (a convolution's bias), {@code null} where it lists it as -1 (TFLite's kernels
     *     treat the two differently)
     * @return the field, what it holds and what TFLite expects, e.g. "weights 'w' zero point 3, expected 0"
     */
    String prepareProblem(Op op, List<Tensor> inputs, Tensor output);
}

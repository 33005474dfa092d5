package dev.tinyforge.train;

/** The update rules the trainer offers. */
public enum OptimizerKind {
    /** SGD with Nesterov momentum 0.9 (the MobileNet and ResNet recipes). */
    SGD_NESTEROV,
    /** AdamW (Loshchilov and Hutter), β = (0.9, 0.999), ε = 1e-8, decoupled weight decay. */
    ADAMW
}

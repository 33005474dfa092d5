package dev.tinyforge.ir;

/**
 * A batch normalisation that follows a convolution or fully connected layer before its activation,
 * kept beside the graph until it is folded into the layer's weights and bias
 * ({@code w' = w·γ/√(σ²+ε)}, {@code b' = β + (b-μ)·γ/√(σ²+ε)}).
 *
 * <p>{@code mean} and {@code variance} are {@code null} when the statistics are not known yet (a
 * randomly initialised network); the folder then estimates them from calibration data.
 */
public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon) {

    public boolean hasStatistics() {
        return mean != null && variance != null;
    }

    public BatchNorm withStatistics(float[] newMean, float[] newVariance) {
        return new BatchNorm(gamma, beta, newMean, newVariance, epsilon);
    }
}

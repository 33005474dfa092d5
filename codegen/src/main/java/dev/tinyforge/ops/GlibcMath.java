package dev.tinyforge.ops;

/**
 * The float functions of glibc that TFLite's kernels call when they build their tables (SOFTMAX,
 * LOG_SOFTMAX and LOGISTIC call {@code expf}), reproduced bit for bit: glibc's are not correctly
 * rounded, so Java's {@code StrictMath} gives another float for some inputs, and a table entry one
 * ulp off can move an int8 output.
 */
final class GlibcMath {
    private GlibcMath() {
    }

    /** 2^(i/32) as double bits, minus i << 47 (so that adding k << 47 scales by 2^(k/32) exactly). */
    private static final long[] EXP2_TABLE = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
    };

    /**
     * {@code expf(x)} bit for bit as TFLite's kernels get it from glibc (2.36, x86-64,
     * the build with fused multiply-adds that an FMA-capable core selects; the build without them differs
     * on one float, near -63, whose result is 2^-92), which is not correctly rounded:
     * {@code (float) StrictMath.exp(x)} differs on 97052 of the floats in [-112, 0], this method on none
     * (checked against glibc on every one; {@code GlibcMathTest} checks a sweep of every float from -104
     * to 89 against the host's libm). With k = round(32 x / ln2) and r = 32 x / ln2 - k,
     * exp(x) = 2^(k/32) 2^(r/32), the first from a table, the second by a cubic in r, in double, with the
     * constants read from that libm (they come from Arm's optimized-routines, MIT licence).
     */
    static float expf(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (x > 0x1.62e42ep6f) {
            return Float.POSITIVE_INFINITY; // above log(2^128): glibc overflows to +inf
        }
        if (x < -0x1.9fe368p6f) {
            return 0f; // below log(2^-150): glibc returns +0
        }
        final double invLn2TimesN = 0x1.71547652b82fep+5;
        final double shift = 0x1.8p+52;
        final double c0 = 0x1.c6af84b912394p-20;
        final double c1 = 0x1.ebfce50fac4f3p-13;
        final double c2 = 0x1.62e42ff0c52d6p-6;
        double xd = x;
        double kd = Math.fma(invLn2TimesN, xd, shift);
        long ki = Double.doubleToRawLongBits(kd);
        kd -= shift;
        double r = Math.fma(invLn2TimesN, xd, -kd);
        double s = Double.longBitsToDouble(EXP2_TABLE[(int) (ki & 31)] + (ki << 47));
        double p = Math.fma(r, c0, c1);
        double r2 = r * r;
        double y = Math.fma(r, c2, 1.0);
        y = Math.fma(p, r2, y);
        return (float) (y * s);
    }
}

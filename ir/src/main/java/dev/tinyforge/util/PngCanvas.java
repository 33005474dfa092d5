package dev.tinyforge.util;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * A white RGB image with antialiased shapes and text, drawn headless (no display on CI machines or
 * boards' hosts) and written as PNG: what every chart TinyForge draws (memory, stage 1, learning curves,
 * confusion matrices) starts and ends with.
 */
public final class PngCanvas {
    private final BufferedImage image;
    private final Graphics2D graphics;

    private PngCanvas(int width, int height) {
        System.setProperty("java.awt.headless", "true");
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
    }

    /** A white canvas of {@code width} × {@code height} pixels. */
    public static PngCanvas white(int width, int height) {
        return new PngCanvas(width, height);
    }

    /** Where to draw. */
    public Graphics2D graphics() {
        return graphics;
    }

    /** Ends drawing and writes the image as PNG. */
    public void writePng(OutputStream out) throws IOException {
        graphics.dispose();
        ImageIO.write(image, "png", out);
    }
}

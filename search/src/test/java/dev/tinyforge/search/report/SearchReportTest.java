package dev.tinyforge.search.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinyforge.boards.Boards;
import dev.tinyforge.search.FitBudget;
import dev.tinyforge.search.SearchSpace;
import dev.tinyforge.search.Stage1;
import dev.tinyforge.search.Stage1Config;
import dev.tinyforge.search.Stage1Result;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search report: one self-contained page with its four figures, the same bytes for the same data, names
 * escaped, and a real browser (Debian's headless Chromium, which .ci/run installs) opens it without errors and
 * draws something that is not a blank page.
 */
class SearchReportTest {
    @TempDir
    Path dir;

    static SearchReport.Data data() {
        Stage1Result s1 = Stage1.run(new Stage1Config(SearchSpace.get("ofa-mbv2"), new double[] {0.3, 0.5},
                new int[] {96, 144}, 30, 1, 10, 3), FitBudget.of(Boards.get(Boards.DEFAULT)), 1);
        SplittableRandom rnd = new SplittableRandom(4);
        List<SearchReport.Candidate> cs = new ArrayList<>();
        int best = 0;
        for (int i = 0; i < 40; i++) {
            double acc = 0.8 + 0.12 * rnd.nextDouble();
            cs.add(new SearchReport.Candidate(i, "cand-" + i + (i == 3 ? " <b>" : ""), acc, 20 + 80 * rnd.nextDouble(),
                    40_000 + rnd.nextInt(200_000), 300_000 + rnd.nextInt(400_000), 1_000_000 + rnd.nextInt(9_000_000)));
            best = acc > cs.get(best).accuracy() ? i : best;
        }
        List<SearchReport.LayerMemory> layers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            layers.add(new SearchReport.LayerMemory("op " + i, 10_000 + (i * 7919L) % 60_000));
        }
        return new SearchReport.Data("search on stm32f746g-disco", "stm32f746g-disco", 320 * 1024, 1024 * 1024, s1, cs,
                best, layers, 72_000, List.of("int8 accuracy 91.00%", "peak SRAM 70.3 KB of 320 KB"));
    }

    @Test
    void onePageWithItsFiguresSameBytesForTheSameData() throws IOException {
        String html = SearchReport.html(data());
        assertEquals(html, SearchReport.html(data()));
        assertEquals(3, html.split("<svg ", -1).length - 1, "three SVG charts (and the stage-1 PNG)");
        assertTrue(html.contains("src=\"data:image/png;base64,iVBOR"), "the stage-1 CDF inlined");
        assertTrue(html.contains("cand-3 &lt;b&gt;") && !html.contains("cand-3 <b>"), "names escaped");
        assertTrue(html.contains("winner cand-"), "the winner marked");
        assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"),
                "self-contained");
    }

    @Test
    void chromiumOpensItAndDrawsIt() throws Exception {
        Path page = dir.resolve("report.html");
        Files.writeString(page, SearchReport.html(data()), StandardCharsets.UTF_8);
        Path shot = dir.resolve("shot.png");
        String browser = browser();
        Process p = new ProcessBuilder(browser, "--no-sandbox", "--headless", "--disable-gpu", "--hide-scrollbars",
                "--enable-logging=stderr", "--v=0", "--window-size=900,2600", "--screenshot=" + shot,
                page.toUri().toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium hung");
        assertEquals(0, p.exitValue(), log);
        for (String line : log.split("\n")) {
            assertFalse(line.contains("CONSOLE") || line.contains("Failed to load") || line.contains("ERR_FILE"),
                    "the page logged: " + line);
        }
        if (System.getProperty("report.screenshot") != null) { // to look at it: -Dreport.screenshot=FILE.png
            Files.copy(shot, Path.of(System.getProperty("report.screenshot")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(900, img.getWidth());
        long ink = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                ink += rgb != 0xFFFFFF ? 1 : 0;
                colours.add(rgb);
            }
        }
        double inked = ink / (img.getWidth() / 2.0 * img.getHeight() / 2.0);
        System.out.printf("screenshot %dx%d: %.1f%% not white, %d colours%n", img.getWidth(), img.getHeight(),
                100 * inked, colours.size());
        assertTrue(inked > 0.03, "a blank page: " + inked);
        assertTrue(colours.size() > 50, "hardly drawn: " + colours.size() + " colours");
    }

    private static String browser() {
        for (String b : List.of("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell",
                "/usr/bin/chromium")) {
            if (Files.isExecutable(Path.of(b))) {
                return b;
            }
        }
        throw new AssertionError("no headless Chromium: install Debian's chromium-headless-shell (.ci/run does)");
    }
}

package dev.tinyforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What stage 1 found: every cell's fit ratio and MAC distribution, and the chosen cell (the most
 * expected MACs per draw, {@link CellResult#expectedMacs}; the first in grid order on a tie). {@link #toJson} is
 * {@code stage1.json}: no timings, so the same seed gives the same bytes.
 */
public record Stage1Result(Stage1Config config, FitBudget budget, List<CellResult> cells, CellResult chosen) {

    /** The file names {@link #writeTo} writes. */
    public static final String JSON_FILE = "stage1.json";
    public static final String CHART_FILE = "stage1-cdf.png";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Stage1Result {
        cells = List.copyOf(cells);
    }

    /** Writes {@code stage1.json} and the fit/MAC chart {@code stage1-cdf.png} into {@code dir} (created if missing). */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), toJson(), StandardCharsets.UTF_8);
        try (OutputStream o = Files.newOutputStream(dir.resolve(CHART_FILE))) {
            Stage1Chart.png(this, o);
        }
    }

    /** The result as {@code stage1.json}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("stage", 1);
        root.put("space", config.space().name());
        root.put("board", budget.board().id());
        root.put("seed", config.seed());
        root.put("samples_per_cell", config.samples());
        root.put("classes", config.classes());
        root.put("input_channels", config.inputChannels());
        if (config.maxMacs() != Stage1Config.NO_MAC_LIMIT) {
            root.put("max_macs", config.maxMacs());
        }
        root.put("sram_bytes", budget.board().sramBytes());
        root.put("arena_budget_bytes", budget.arenaBytes());
        root.put("flash_bytes", budget.flashBytes());
        root.put("code_bytes", budget.codeBytes());
        root.put("patches", "none");
        ObjectNode chosenNode = root.putObject("chosen");
        chosenNode.put("width", chosen.width());
        chosenNode.put("resolution", chosen.resolution());
        chosenNode.put("fit_ratio", chosen.fitRatio());
        chosenNode.put("mean_macs", chosen.meanMacs());
        ArrayNode cellsNode = root.putArray("cells");
        for (CellResult c : cells) {
            cellsNode.add(JSON.valueToTree(c));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The grid for a terminal: one row per width, one column per resolution, each cell its fit ratio
     * and mean MACs of the fitting models (M), the chosen cell marked with {@code *}.
     */
    public String table() {
        double[] widths = config.widths();
        int[] resolutions = config.resolutions();
        StringBuilder sb = new StringBuilder();
        sb.append("fit ratio / mean MACs (M) of the fitting models, per width (rows) and resolution (columns)\n");
        sb.append(String.format(Locale.ROOT, "%6s", "w \\ r"));
        for (int r : resolutions) {
            sb.append(String.format(Locale.ROOT, " %11d", r));
        }
        sb.append('\n');
        for (int wi = 0; wi < widths.length; wi++) {
            sb.append(String.format(Locale.ROOT, "%6.2f", widths[wi]));
            for (int ri = 0; ri < resolutions.length; ri++) {
                CellResult c = cells.get(wi * resolutions.length + ri);
                String mark = c == chosen ? "*" : " ";
                sb.append(c.fitting() == 0 ? String.format(Locale.ROOT, " %10s%s", "0%    -", mark)
                        : String.format(Locale.ROOT, " %3.0f%% %5.1f%s", 100 * c.fitRatio(), c.meanMacs() / 1e6, mark));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "chosen: width %s, resolution %d: %d of %d sub-networks fit, mean %.1f M MACs"
                + " (* above)%n", chosen.width(), chosen.resolution(), chosen.fitting(), chosen.samples(),
                chosen.meanMacs() / 1e6));
        return sb.toString();
    }
}

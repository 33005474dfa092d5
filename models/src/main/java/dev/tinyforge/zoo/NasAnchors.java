package dev.tinyforge.zoo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The published architecture data the zoo is made from, {@code nas_anchors.json} (a copy of
 * {@code ../shared/reference/nas_anchors.json}; its {@code _note} lists the sources): MCUNet and
 * ProxylessNAS configurations, MobileNetV2's stage table, MnasNet-A1's block strings, and the cell
 * genotypes of NASNet, PNASNet, AmoebaNet, DARTS and ENAS for the cell families to come.
 */
final class NasAnchors {
    private static final String RESOURCE = "nas_anchors.json";
    private static final JsonNode ROOT = load();

    private NasAnchors() {
    }

    /** A top-level section, e.g. {@code mcunet} or {@code mobile_tables}. */
    static JsonNode section(String key) {
        JsonNode n = ROOT.get(key);
        if (n == null) {
            throw new IllegalStateException(RESOURCE + " has no section '" + key + "'");
        }
        return n;
    }

    private static JsonNode load() {
        try (InputStream in = NasAnchors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

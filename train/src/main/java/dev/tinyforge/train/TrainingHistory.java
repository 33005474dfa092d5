package dev.tinyforge.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The epochs of a training run, in order: what reports plot and checkpoints carry. Writes as JSON. */
public record TrainingHistory(List<EpochRecord> epochs) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The history with one more epoch. */
    public TrainingHistory plus(EpochRecord e) {
        List<EpochRecord> all = new java.util.ArrayList<>(epochs);
        all.add(e);
        return new TrainingHistory(all);
    }

    /** The last epoch, or {@code null} before the first. */
    public EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a training history as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a history */
    public static TrainingHistory fromJson(String json) {
        try {
            return JSON.readValue(json, TrainingHistory.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a training history: " + e.getOriginalMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training history to " + file, e);
        }
    }
}

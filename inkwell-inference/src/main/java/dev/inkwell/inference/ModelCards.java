package dev.inkwell.inference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code model.card.json}, and finds the card that belongs beside a model file. */
public final class ModelCards {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Cards over this size are not cards. */
    private static final long MAX_CARD_BYTES = 1 << 20;

    private ModelCards() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ModelCard read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_CARD_BYTES) {
                throw new InvalidInputException(InputLocation.file(file.toString()), "model card is " + size + " bytes: too large");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(file.toString()), "cannot read model card: " + e.getMessage(), e);
        }
    }

    public static ModelCard parse(byte[] json, String sourceName) {
        try {
            ModelCard card = MAPPER.readValue(json, ModelCard.class);
            if (card == null) throw new IOException("empty document");
            return card;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidInputException(InputLocation.file(sourceName), "not a valid model card: " + reason, e);
        }
    }

    public static void write(Path file, ModelCard card) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, card));
    }

    public static String toJson(ModelCard card) {
        try {
            return MAPPER.writeValueAsString(card);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The card with missing contract fields filled from what the model itself declares. */
    static ModelCard complete(ModelCard card, String fallbackName, TensorLayout layout, int classCount) {
        List<String> names = card.classNames();
        if (names == null || names.isEmpty()) {
            names = digitNames(classCount);
        }
        return new ModelCard(
                card.name() == null ? fallbackName : card.name(),
                card.version(),
                card.architecture(),
                card.parameterCount(),
                card.inputWidth() > 0 ? card.inputWidth() : layout.width(),
                card.inputHeight() > 0 ? card.inputHeight() : layout.height(),
                card.inputChannels() > 0 ? card.inputChannels() : layout.channels(),
                card.inputScaling() == null ? "0-1" : card.inputScaling(),
                card.mean(),
                card.std(),
                card.preprocessing() == null ? defaultProfile(layout) : card.preprocessing(),
                List.copyOf(names),
                card.datasetFingerprint(),
                card.seed(),
                card.epochs(),
                card.metrics() == null ? Map.of() : card.metrics(),
                card.createdAt(),
                card.inkwellVersion());
    }

    /**
     * The documented defaults for a model without a card: input 0–1, class names "0".."K−1", the MNIST profile
     * for one-channel 28×28 inputs and the resize profile otherwise.
     */
    static ModelCard defaults(String name, String architecture, TensorLayout layout, int classCount) {
        return new ModelCard(name, "external", architecture, -1, layout.width(), layout.height(), layout.channels(),
                "0-1", 0, 1, defaultProfile(layout), digitNames(classCount), null, null, null, Map.of(), null, null);
    }

    private static String defaultProfile(TensorLayout layout) {
        return layout.channels() == 1 && layout.width() == 28 && layout.height() == 28 ? "mnist" : "resize";
    }

    private static List<String> digitNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(Integer.toString(i));
        return names;
    }
}

package dev.inkwell.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads and writes {@code model.card.json}. Writes schema version {@value ModelCard#SCHEMA_VERSION}; reads it and the
 * flat cards of version 1 (no {@code schemaVersion}), and refuses a newer version than it knows.
 */
public final class ModelCards {
    /** The program's one JSON configuration (ISO dates, unknown properties tolerated: a newer card may add some). */
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final String VERSION_FIELD = "schemaVersion";

    /** Cards over this size are not cards. */
    private static final long MAX_CARD_BYTES = 1 << 20;

    private ModelCards() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Set once {@link #prepare()} began; readers of cards then wait for it rather than do the same work beside it. */
    private static final AtomicBoolean PREPARING = new AtomicBoolean();
    private static final CompletableFuture<Void> PREPARED = new CompletableFuture<>();

    /**
     * Reads the default bundled model's card, so that the first real one finds its reader ready: in a fresh JVM the
     * shared mapper's set-up and the first JSON tree take ~0.1 s (AOT cache on), which a starting server spends on a
     * spare core while it parses its command line instead of after. (Binding the card's records with Jackson took
     * ~0.15 s more; cards as Inkwell writes them are now read by {@link PlainCardReader}.) A card read meanwhile waits
     * for it. Once per JVM; failures only cost speed.
     */
    public static void prepare() {
        if (!PREPARING.compareAndSet(false, true)) return;
        try {
            byte[] card = BundledModels.file(BundledModels.DEFAULT, ModelFiles.CARD);
            if (card == null) card = toJson(defaults("prepare", "unknown", new TensorLayout(TensorLayout.Kind.NCHW, 1, 1, 28, 28), 10)).getBytes(StandardCharsets.UTF_8);
            convert(MAPPER.readTree(card), "(bundled card)");
        } catch (IOException | RuntimeException e) {
            // the first real card meets the same problem and reports it
        } finally {
            PREPARED.complete(null);
        }
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
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw invalid(sourceName, e);
        }
        return parse(node, sourceName);
    }

    /** A card from an already parsed JSON document (e.g. one entry of a file of cards). */
    public static ModelCard parse(JsonNode node, String sourceName) {
        if (PREPARING.get()) PREPARED.join();
        return convert(node, sourceName);
    }

    private static ModelCard convert(JsonNode node, String sourceName) {
        InputLocation where = InputLocation.file(sourceName);
        if (node == null || !node.isObject()) throw new InvalidInputException(where, "not a valid model card: expected a JSON object");
        int version = schemaVersion(node, where);
        if (version > ModelCard.SCHEMA_VERSION) {
            throw new InvalidInputException(where, "model card schema version " + version + " is newer than this Inkwell reads ("
                    + ModelCard.SCHEMA_VERSION + "): upgrade Inkwell to use this model");
        }
        try {
            if (version == 1) return MAPPER.treeToValue(node, ModelCardV1.class).toV2(MAPPER);
            ModelCard plain = PlainCardReader.read(node); // what Inkwell writes, without data binding's reflection
            if (plain != null) return plain;
            ObjectNode sections = ((ObjectNode) node).deepCopy();
            sections.remove(VERSION_FIELD);
            return MAPPER.treeToValue(sections, ModelCard.class);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(sourceName, e);
        }
    }

    /** 1 for a card without {@code schemaVersion}. */
    private static int schemaVersion(JsonNode node, InputLocation where) {
        JsonNode v = node.get(VERSION_FIELD);
        if (v == null || v.isNull()) return 1;
        if (!v.canConvertToExactIntegral() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new InvalidInputException(where, "not a valid model card: " + VERSION_FIELD + " must be a whole number from 1, got " + v);
        }
        return v.asInt();
    }

    private static InvalidInputException invalid(String sourceName, Exception e) {
        Throwable cause = e;
        while (cause.getCause() instanceof IllegalArgumentException inner) cause = inner; // a section's own check says it best
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        String reason = message.lines().findFirst().orElse("");
        return new InvalidInputException(InputLocation.file(sourceName), "not a valid model card: " + reason, e);
    }

    public static void write(Path file, ModelCard card) {
        AtomicFiles.write(file, out -> Json.pretty().writeValue(out, card));
    }

    public static String toJson(ModelCard card) {
        try {
            return Json.pretty().writeValueAsString(card);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The card with missing contract fields filled from what the model itself declares. */
    static ModelCard complete(ModelCard card, String fallbackName, TensorLayout layout, int classCount) {
        InputSpec in = card.input();
        int width = in.width() > 0 ? in.width() : layout.width();
        int height = in.height() > 0 ? in.height() : layout.height();
        int channels = in.channels() > 0 ? in.channels() : layout.channels();
        InputSpec filled = new InputSpec(width, height, channels, in.scaling() == null ? InputScaling.ZERO_TO_ONE : in.scaling(),
                in.mean(), in.std(), in.preprocessing() == null ? Preprocessing.defaultFor(layout.width(), layout.height(), layout.channels())
                : in.preprocessing());
        return card.toBuilder()
                .name(card.name() == null ? fallbackName : card.name())
                .input(filled)
                .classNames(card.classNames().isEmpty() ? digitNames(classCount) : card.classNames())
                .build();
    }

    /**
     * The documented defaults for a model without a card: input 0–1, class names "0".."K−1", the MNIST profile
     * for one-channel 28×28 inputs and the resize profile otherwise.
     */
    static ModelCard defaults(String name, String architecture, TensorLayout layout, int classCount) {
        return ModelCard.builder().name(name).version("external").architecture(architecture).parameterCount(-1)
                .input(new InputSpec(layout.width(), layout.height(), layout.channels(), InputScaling.ZERO_TO_ONE, 0, 1,
                        Preprocessing.defaultFor(layout.width(), layout.height(), layout.channels())))
                .classNames(digitNames(classCount))
                .build();
    }

    private static List<String> digitNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(Integer.toString(i));
        return names;
    }
}

package dev.inkwell.inference;

import dev.inkwell.model.FileDigests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cards for public models that ship without one, matched by the SHA-256 of the ONNX file
 * ({@code known-models.json}). The facts in them were measured, not guessed: see docs/recognition.md.
 */
final class KnownModels {
    /** Hashing is skipped for files beyond this size: public digit models are tiny. */
    private static final long MAX_HASHED_BYTES = 64L << 20;
    private static final Map<String, ModelCard> CARDS = load();
    private static final FileDigests DIGESTS = FileDigests.inCache();

    private KnownModels() {
    }

    static Optional<ModelCard> cardFor(Path onnx) {
        try {
            if (Files.size(onnx) > MAX_HASHED_BYTES) return Optional.empty();
            // the digest the model's resolution already took and remembered: hashing the file again cost a start ~8 ms
            // before the first answer (26 KB, interpreted) and set up the JDK's security providers (~20 ms)
            return Optional.ofNullable(CARDS.get(DIGESTS.sha256(onnx)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + onnx + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, ModelCard> load() {
        try (InputStream in = KnownModels.class.getResourceAsStream("known-models.json")) {
            if (in == null) throw new IllegalStateException("known-models.json missing from the classpath");
            Map<String, ModelCard> cards = new HashMap<>();
            ModelCards.mapper().readTree(in).properties().forEach(e ->
                    cards.put(e.getKey(), ModelCards.parse(e.getValue(), "known-models.json#" + e.getKey())));
            return Map.copyOf(cards);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.inkwell.monitor.capture;

import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.serving.endpoint.ResolvedModel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the card of a model that answered, for its class names in the captured answer. The server knows its loaded
 * models' cards and may pass its own lookup; {@link #fromFiles()} reads the card beside the model's files.
 */
@FunctionalInterface
public interface ModelCardLookup {
    Optional<ModelCard> find(ResolvedModel model);

    /** Reads {@code model.card.json} of the model's files, once per model (by SHA-256); empty when there is none. */
    static ModelCardLookup fromFiles() {
        Logger log = LoggerFactory.getLogger(ModelCardLookup.class);
        Map<String, Optional<ModelCard>> cache = new ConcurrentHashMap<>();
        return model -> {
            if (model == null || model.files() == null) return Optional.empty();
            String key = model.sha256() != null ? model.sha256() : model.ref();
            return cache.computeIfAbsent(key == null ? "" : key, k -> {
                try {
                    return model.files().hasCard() ? Optional.of(ModelCards.read(model.files().card())) : Optional.empty();
                } catch (RuntimeException e) {
                    log.warn("capture: cannot read the card of model {}: {}", model.label(), e.getMessage());
                    return Optional.empty();
                }
            });
        };
    }
}

package dev.inkwell.train;

import dev.inkwell.core.InkwellException;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import java.io.IOException;
import java.nio.file.Files;

/** A trained model to train further (fine-tuning, calibration): its card and DJL parameters. */
record BaseModel(ModelRef ref, ModelCard card, byte[] parameters) {

    /**
     * The model {@code ref} names, which must have a card and parameters.
     *
     * @param purpose what needs it, for the message ("fine-tuning")
     */
    static BaseModel resolve(ModelRef ref, String purpose) {
        return resolve(ref, purpose, ModelResolvers.defaults());
    }

    /** As above, resolving {@code ref} with {@code resolvers} (a command's registry among them). */
    static BaseModel resolve(ModelRef ref, String purpose, ModelResolvers resolvers) {
        ModelFiles files = resolvers.resolve(ref).requireTrainable(describe(ref), purpose);
        try {
            return new BaseModel(ref, ModelCards.read(files.card()), Files.readAllBytes(files.params()));
        } catch (IOException e) {
            throw new InkwellException(files.params() + ": unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The card's architecture, checked against what this Inkwell builds under that name: a model from a build whose
     * design differed (the former {@code standard} is now {@code wide}) gets a clear error, not a shape mismatch.
     */
    Architecture architecture() {
        Architecture arch = Architecture.parse(card.architecture());
        long built = arch.network(inputShape(), card.classCount()).parameterCount();
        if (card.parameterCount() > 0 && built != card.parameterCount()) {
            throw new InkwellException(card.name() + ": its card says '" + card.architecture() + "' with " + card.parameterCount()
                    + " parameters, but this Inkwell's '" + arch.id() + "' has " + built + ": it was trained by a build whose "
                    + "design differed (the former 585,130-parameter standard is now --arch wide)");
        }
        return arch;
    }

    InputShape inputShape() {
        return new InputShape(card.inputChannels(), card.inputHeight(), card.inputWidth());
    }

    /** The model as the user named it, for messages. */
    String label() {
        return describe(ref);
    }

    /** The reference as the user wrote it: a path or a bundled name. */
    private static String describe(ModelRef ref) {
        return switch (ref) {
            case ModelRef.LocalPath p -> p.path().toString();
            case ModelRef.Bundled b -> b.name();
            default -> ref.toString();
        };
    }
}

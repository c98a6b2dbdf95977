package dev.inkwell.serving.endpoint;

import dev.inkwell.model.ModelFiles;

/**
 * What a variant's model reference stands for right now: the files to load and their identity. Two references that
 * resolve to the same {@code sha256} are the same model (loaded once); a reference whose resolution changes (an alias
 * moved, a file replaced) is a new deployment.
 *
 * @param ref     the reference as the endpoint names it (canonical form)
 * @param name    the model's name in answers: the registered name, else the card's
 * @param version the model's version in answers: the registered version number, else the card's
 */
public record ResolvedModel(String ref, String name, String version, String sha256, ModelFiles files) {
    /** Whether this is a registered version (its name and number are the registry's, not the card's). */
    public boolean registered() {
        return ref.startsWith("registry:");
    }

    /** The same model named as its loaded card says (a model without a card file gets a known model's card or defaults). */
    public ResolvedModel namedBy(String cardName, String cardVersion) {
        if (registered()) return this;
        return new ResolvedModel(ref, cardName == null ? name : cardName, cardVersion == null ? version : cardVersion, sha256, files);
    }

    /** {@code name:version}, for logs and messages. */
    public String label() {
        return name + ":" + version;
    }
}

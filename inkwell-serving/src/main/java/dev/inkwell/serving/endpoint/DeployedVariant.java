package dev.inkwell.serving.endpoint;

/** A variant as deployed: its name, its share of the traffic, and the loaded model answering for it. */
public record DeployedVariant(String name, int weight, LoadedModel loaded) {
    public ResolvedModel model() {
        return loaded.model();
    }
}

package dev.inkwell.serving.endpoint;

/**
 * A variant as deployed: its name, its share of the traffic, what its reference resolved to (the name and version its
 * answers carry) and the loaded model answering for it — which another variant or endpoint resolving to the same
 * network shares, so its own {@link LoadedModel#model()} may name the model differently.
 */
public record DeployedVariant(String name, int weight, ResolvedModel model, LoadedModel loaded) {
}

package dev.inkwell.functions.builtin;

import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.serving.PredictionService;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.ServingObserver;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.serving.endpoint.ModelLoader;
import dev.inkwell.serving.endpoint.ModelResolution;
import dev.inkwell.serving.fetch.ImageFetcher;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.serving.input.PredictRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Pictures read by the serving endpoints through the {@link PredictionService}, exactly as an HTTP prediction is:
 * the same variant choice, preprocessing, batched model calls shared with HTTP traffic, and the service's listeners
 * (metrics, capture) told of every reading.
 */
public final class ServingRecognizers implements Recognizers {
    private final EndpointRuntime endpoints;
    private final PredictionService service;

    public ServingRecognizers(EndpointRuntime endpoints, PredictionService service) {
        this.endpoints = endpoints;
        this.service = service;
    }

    /**
     * Endpoints of their own, outside a server (the CLI, tests): {@code specs} as static endpoints, plus the stored
     * ones of {@code registry} when it is not null. The caller closes {@link #endpoints()}.
     */
    public static ServingRecognizers local(List<EndpointSpec> specs, Supplier<ModelRegistry> registry) {
        ModelLoader loader = new ModelLoader(ServingConfig.Batching.defaults().withEnabled(false), ServingConfig.Limits.defaults(),
                ServingObserver.NONE);
        ModelResolution resolution = new ModelResolution(ModelResolvers.defaults(), registry);
        List<EndpointDefinition> statics = specs.stream().map(s -> EndpointDefinition.single(s.name(), s.model())).toList();
        EndpointRuntime runtime = new EndpointRuntime(loader, resolution, statics, registry, ServingObserver.NONE, Duration.ofMillis(500));
        try {
            runtime.start();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return new ServingRecognizers(runtime, new PredictionService(new ImageFetcher(ServingConfig.Fetch.defaults()), ServingObserver.NONE));
    }

    @Override
    public Reading read(String endpoint, byte[] picture, String origin) {
        LiveEndpoint ep = endpoints.get(endpoint);
        try (PredictionService.Selection selection = service.select(ep, null)) {
            var outcome = service.predict(selection, PredictRequest.single(new PredictInput.EncodedImage(picture, origin)));
            return new Reading(ep.name(), selection.model().card(), outcome.recognitions().getFirst());
        }
    }

    public EndpointRuntime endpoints() {
        return endpoints;
    }
}

package dev.inkwell.functions.builtin;

import dev.inkwell.serving.PredictionService;
import dev.inkwell.serving.endpoint.EndpointRegistry;
import dev.inkwell.serving.endpoint.ModelEndpoint;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.serving.input.PredictRequest;

/**
 * Pictures read by the serving endpoints through the {@link PredictionService}, exactly as an HTTP prediction is:
 * the same preprocessing, batched model calls shared with HTTP traffic, and the service's listeners (metrics,
 * capture) told of every reading.
 */
public final class ServingRecognizers implements Recognizers {
    private final EndpointRegistry endpoints;
    private final PredictionService service;

    public ServingRecognizers(EndpointRegistry endpoints, PredictionService service) {
        this.endpoints = endpoints;
        this.service = service;
    }

    @Override
    public Reading read(String endpoint, byte[] picture, String origin) {
        ModelEndpoint ep = endpoints.get(endpoint);
        var outcome = service.recognize(ep, PredictRequest.single(new PredictInput.EncodedImage(picture, origin)));
        return new Reading(ep.name(), ep.card(), outcome.recognitions().getFirst());
    }

    public EndpointRegistry endpoints() {
        return endpoints;
    }
}

package dev.inkwell.monitor.capture;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One captured reading, one JSON line of a capture object: SageMaker's data-capture record (its keys exactly) plus an
 * {@code inkwell} section with what monitoring needs without re-parsing the answer.
 *
 * <pre>{@code
 * {"captureData":{"endpointInput":{"observedContentType":"image/png","mode":"INPUT","data":"iVBORw0…","encoding":"BASE64"},
 *                 "endpointOutput":{"observedContentType":"application/json","mode":"OUTPUT","data":"{\"label\":\"7\",…}","encoding":"JSON"}},
 *  "eventMetadata":{"eventId":"9b2e…","inferenceId":"41c0…","inferenceTime":"2026-11-23T10:15:02.123Z"},
 *  "eventVersion":"0",
 *  "inkwell":{"endpoint":"mnist","variant":"primary","model":{"name":"mnist","version":"3"},"shadow":false,"input_index":0,
 *             "latency_ms":1.84,"label":"7","index":7,"probability":0.9998,"probabilities":[…],"model_input":"iVBORw0…"}}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"captureData", "eventMetadata", "eventVersion", "inkwell"})
public record CaptureRecord(CaptureData captureData, EventMetadata eventMetadata, String eventVersion, InkwellDetails inkwell) {
    public static final String EVENT_VERSION = "0";

    /** What the client sent and what it was answered. */
    public record CaptureData(Payload endpointInput, Payload endpointOutput) {
    }

    /**
     * A payload as SageMaker records it.
     *
     * @param mode     "INPUT" or "OUTPUT"
     * @param encoding "BASE64" (pictures), "CSV" (pixel rows) or "JSON" (answers)
     */
    @JsonPropertyOrder({"observedContentType", "mode", "data", "encoding"})
    public record Payload(String observedContentType, String mode, String data, String encoding) {
    }

    /**
     * @param eventId       unique per record
     * @param inferenceId   shared by the records of one request (a batch's inputs)
     * @param inferenceTime when the request started, ISO-8601 UTC
     */
    public record EventMetadata(String eventId, String inferenceId, String inferenceTime) {
    }

    /**
     * Inkwell's own section.
     *
     * @param inputIndex    the input's position in its request
     * @param latencyMs     how long the whole request took to read
     * @param label         the answer's class name (for a picture of several digits, its primary digit's)
     * @param probabilities every class's probability, in class order
     * @param modelInput    the 28×28 image the model saw, as base64 PNG (white ink on black)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"endpoint", "variant", "model", "shadow", "input_index", "latency_ms", "label", "index", "probability",
            "probabilities", "model_input"})
    public record InkwellDetails(String endpoint, String variant, ModelName model, boolean shadow,
                                 @JsonProperty("input_index") int inputIndex,
                                 @JsonProperty("latency_ms") double latencyMs,
                                 String label, int index, double probability, float[] probabilities,
                                 @JsonProperty("model_input") String modelInput) {
    }

    public record ModelName(String name, String version) {
    }
}

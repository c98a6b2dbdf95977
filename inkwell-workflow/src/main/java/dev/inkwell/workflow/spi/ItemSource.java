package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads a distributed Map's items from wherever its {@code ItemReader} points (Inkwell buckets in the program, a map
 * in tests). Fails with {@link TaskFailedException} to fail the Map state ({@code States.ItemReaderFailed} is a good
 * error name).
 */
@FunctionalInterface
public interface ItemSource {
    /**
     * @param itemReader the ItemReader object with its paths or expressions evaluated
     *                   ({@code {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {...}, "Parameters"|"Arguments": {...}}})
     * @param stateInput the Map state's effective input
     * @return the items, in order
     */
    CompletionStage<List<JsonNode>> read(JsonNode itemReader, JsonNode stateInput);

    /** For engines that run no distributed Map with an ItemReader. */
    ItemSource NONE = (reader, input) -> {
        throw new TaskFailedException("States.ItemReaderFailed", "no item source is configured to read " + reader);
    };
}

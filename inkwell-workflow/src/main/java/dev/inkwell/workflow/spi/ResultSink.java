package dev.inkwell.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Writes a distributed Map's results where its {@code ResultWriter} points. What it returns becomes the Map state's
 * result (Step Functions returns {@code {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}}).
 */
@FunctionalInterface
public interface ResultSink {
    /**
     * @param resultWriter the ResultWriter object with its paths or expressions evaluated
     * @param mapRunArn    an ARN naming this map run
     * @param results      each item's output (or its {"Error", "Cause"} when the item failed within tolerance), in item order
     */
    CompletionStage<JsonNode> write(JsonNode resultWriter, String mapRunArn, List<JsonNode> results);

    ResultSink NONE = (writer, arn, results) -> {
        throw new TaskFailedException("States.ResultWriterFailed", "no result sink is configured to write " + writer);
    };
}

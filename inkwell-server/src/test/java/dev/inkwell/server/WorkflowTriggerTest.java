package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static dev.inkwell.server.WorkflowRoutesTest.ok;
import static dev.inkwell.server.WorkflowRoutesTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.core.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code workflow} trigger action end to end: pictures put in a bucket start seed 003's exported state machine
 * (with examples/seed003/functions.json) with seed 003's test-event input; a 7 succeeds, noise fails with
 * THRESHOLD_CONFIDENCE_NOT_MET, and an event delivered again starts nothing.
 */
class WorkflowTriggerTest {
    @TempDir
    Path dir;

    @Test
    void aPictureInABucketStartsSeed003sWorkflowOnce() throws Exception {
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(WorkflowRoutesTest.KEY))
                .store(dir.resolve("inkwell.db").toString()).buckets(dir.resolve("buckets").toString())
                .triggers(c.triggers().withSettings(TriggerRoutesTest.fast())))) {
            Bucket uploads = http.server.buckets().createIfMissing("uploads");
            ok(send(http, "POST", "/v1/workflows", WorkflowRoutesTest.seed003()));
            ok(send(http, "POST", "/v1/triggers", """
                    {"name": "seed003", "bucket": "uploads", "prefix": "test/", "suffix": ".png", "action": "workflow", "options": {"name": "seed003"}}"""));
            JsonNode refused = json(send(http, "POST", "/v1/triggers", """
                    {"name": "nameless", "bucket": "uploads", "action": "workflow"}"""));
            assertThat(refused.at("/error/message").asText()).contains("option name");

            String eTag = uploads.put("test/7.png", sample(7), "image/png").eTag();
            uploads.put("test/scribble.png", scribble(), "image/png");
            Await.until(Duration.ofSeconds(90), "two executions ended", () -> ok(send(http, "GET", "/v1/executions?workflow=seed003", null))
                    .get("executions").findValuesAsText("status").stream().filter(s -> !s.equals("RUNNING")).count() == 2);

            JsonNode succeeded = ok(send(http, "GET", "/v1/executions?workflow=seed003&status=SUCCEEDED", null)).get("executions");
            assertThat(succeeded).hasSize(1);
            JsonNode seven = ok(send(http, "GET", "/v1/executions/" + succeeded.get(0).get("executionArn").asText(), null));
            assertThat(Json.mapper().readTree(seven.get("input").asText()))
                    .isEqualTo(Json.mapper().readTree("{\"s3_bucket\": \"uploads\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}"));
            JsonNode output = Json.mapper().readTree(seven.get("output").asText());
            assertThat(output.get("statusCode").asInt()).isEqualTo(200);
            assertThat(output.at("/body/s3_key").asText()).isEqualTo("test/7.png");
            JsonNode inferences = output.at("/body/inferences");
            int best = 0;
            for (int i = 0; i < 10; i++) if (inferences.get(i).asDouble() > inferences.get(best).asDouble()) best = i;
            assertThat(best).isEqualTo(7);

            JsonNode failed = ok(send(http, "GET", "/v1/executions?workflow=seed003&status=FAILED", null)).get("executions");
            assertThat(failed).hasSize(1);
            JsonNode scribble = ok(send(http, "GET", "/v1/executions/" + failed.get(0).get("executionArn").asText(), null));
            assertThat(scribble.get("error").asText()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");

            // the same object version again (a redelivered event): the execution that exists, nothing new
            JsonNode again = ok(send(http, "POST", "/v1/functions/workflow/invoke", "{\"bucket\": \"uploads\", \"key\": \"test/7.png\", \"etag\": \""
                    + eTag + "\", \"name\": \"seed003\"}")).get("result");
            assertThat(again.get("created").asBoolean()).isFalse();
            assertThat(again.get("executionArn").asText()).isEqualTo(seven.get("executionArn").asText());
            assertThat(ok(send(http, "GET", "/v1/executions?workflow=seed003", null)).get("executions")).hasSize(2);
        }
    }

    /** Salt and pepper noise: no digit the model is sure of. */
    static byte[] scribble() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(1);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) image.getRaster().setSample(x, y, 0, random.nextBoolean() ? 255 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

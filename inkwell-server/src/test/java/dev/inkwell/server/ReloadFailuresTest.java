package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload's status says what happened to the model file, and a failed reload leaves the endpoint serving the model
 * it had: the file gone is 404, a corrupt file 422 (both used to be 500 and 400).
 */
class ReloadFailuresTest {
    private static final String KEY = "reload-key";

    @Test
    void aDeletedOrCorruptModelFileIsNamedAndTheOldModelKeepsServing(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.onnx");
        Files.copy(SharedData.mnist8Onnx(), model);
        try (TestServer http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY))
                .endpoints(List.of(new EndpointSpec("default", model.toString()))))) {
            Files.delete(model);
            HttpResponse<String> gone = http.send(reload(http));
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
            assertThat(json(gone).at("/error/message").asText()).contains(model.toString()).contains("not found");
            assertThat(json(http.post("/v1/endpoints/default/predict", "image/png", sample(3))).get("label").asText()).isEqualTo("3");

            Files.write(model, "not an onnx model at all".getBytes());
            HttpResponse<String> corrupt = http.send(reload(http));
            assertThat(corrupt.statusCode()).as(corrupt.body()).isEqualTo(422);
            assertThat(json(corrupt).at("/error/message").asText()).contains("cannot load the model").contains("not a loadable ONNX model");
            assertThat(json(http.post("/v1/endpoints/default/predict", "image/png", sample(4))).get("label").asText()).isEqualTo("4");

            Files.copy(SharedData.mnist8Onnx(), model, StandardCopyOption.REPLACE_EXISTING);
            assertThat(http.send(reload(http)).statusCode()).isEqualTo(200);
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(http.uri("/v1/endpoints/nope/reload"))
                    .header("X-Api-Key", KEY).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
    }

    private static HttpRequest.Builder reload(TestServer http) {
        return HttpRequest.newBuilder(http.uri("/v1/endpoints/default/reload")).header("X-Api-Key", KEY)
                .POST(HttpRequest.BodyPublishers.noBody());
    }
}

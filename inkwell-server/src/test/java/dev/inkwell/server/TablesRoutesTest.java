package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.dataset.ImageSamples;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.store.Store;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/tables on a real server and an SQLite store: ingest CSV rows and images over HTTP, behind the API key. */
class TablesRoutesTest {
    private static final String KEY = "table-key";

    @TempDir
    Path dir;

    private TestServer start(String store) {
        return TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)).store(store)
                .limits(new ServingConfig.Limits(256 * 1024, 4_000_000, 32)));
    }

    private static HttpResponse<String> send(TestServer http, String method, String path, String type, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("X-Api-Key", KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) b.header("Content-Type", type);
        return http.send(b);
    }

    private static byte[] csv(String... rows) {
        StringBuilder sb = new StringBuilder();
        for (String row : rows) {
            String[] parts = row.split(":"); // "label:value" → a row of 784 equal pixel values
            sb.append(parts[0]);
            for (int i = 0; i < 784; i++) sb.append(',').append(parts[1]);
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertError(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).at("/error/message").asText()).contains(text);
    }

    @Test
    void csvRowsAndImagesGoIntoATableOnceAndComeBackOut() throws Exception {
        String store = dir.resolve("inkwell.db").toString();
        try (TestServer http = start(store)) {
            HttpResponse<String> first = send(http, "POST", "/v1/tables/digits/samples", "text/csv", csv("1:10", "2:20", "3:30"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(json(first).get("added").asInt()).isEqualTo(3);
            HttpResponse<String> again = send(http, "POST", "/v1/tables/digits/samples", "text/csv", csv("1:10", "2:20", "3:30"));
            assertThat(json(again).get("added").asInt()).isZero();
            assertThat(json(again).get("existing").asInt()).isEqualTo(3);

            byte[] png = sample(7);
            HttpResponse<String> image = send(http, "POST", "/v1/tables/digits/samples?label=7&split=test&uuid=mine-7", "image/png", png);
            assertThat(image.statusCode()).as(image.body()).isEqualTo(200);
            assertThat(json(image).at("/splits/test").asInt()).isEqualTo(1);

            HttpResponse<String> list = send(http, "GET", "/v1/tables", null, null);
            assertThat(json(list).at("/tables/digits/train").asInt()).isEqualTo(3);
            HttpResponse<String> one = send(http, "GET", "/v1/tables/digits", null, null);
            assertThat(json(one).get("rows").asInt()).isEqualTo(4);
        }
        assertThat(Path.of(store + "-wal")).as("the stopped server closed its store").doesNotExist();
        // what the server wrote is what the CLI and training read
        List<Sample> rows;
        try (Store s = Store.open(store); SampleReader r = s.table("digits").dataset().open()) {
            rows = r.stream().toList();
        }
        assertThat(rows).extracting(Sample::label).containsExactly(1, 2, 3, 7);
        assertThat(rows.get(1).pixel(5, 5, 0)).isEqualTo(20);
        Sample expected = ImageSamples.decode(sample(7), "request body", 1, ImageLimits.DEFAULT, 7, "test");
        assertThat(rows.get(3).pixels()).isEqualTo(expected.pixels());
        assertThat(rows.get(3).uuid()).isEqualTo("mine-7");
    }

    @Test
    void badUploadsAreClearErrorsAndAddNothing() {
        try (TestServer http = start(dir.resolve("bad.db").toString())) {
            assertThat(send(http, "POST", "/v1/tables/digits/samples", "text/csv", csv("1:10")).statusCode()).isEqualTo(200);
            assertError(send(http, "POST", "/v1/tables/digits/samples", "text/csv", csv("4:40", "5:300", "6:60")), 400,
                    "request body, line 2");
            assertError(send(http, "POST", "/v1/tables/digits/samples", "application/json", "{}".getBytes()), 415, "text/csv");
            assertError(send(http, "POST", "/v1/tables/digits/samples", "text/csv", new byte[0]), 400, "empty body");
            assertError(send(http, "POST", "/v1/tables/Bad%20Name/samples", "text/csv", csv("1:10")), 400, "a table name is");
            assertError(send(http, "POST", "/v1/tables/digits/samples?label=seven", "image/png", sample(7)), 400, "class number");
            assertError(send(http, "POST", "/v1/tables/digits/samples?split=..%2Fx", "image/png", sample(7)), 400, "a split is");
            assertError(send(http, "POST", "/v1/tables/digits/samples", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}), 400, "request body");
            assertError(send(http, "POST", "/v1/tables/digits/samples", "text/csv", new byte[300 * 1024]), 413, "");
            assertThat(json(send(http, "GET", "/v1/tables/digits", null, null)).get("rows").asInt()).isEqualTo(1);

            assertThat(json(send(http, "DELETE", "/v1/tables/digits", null, null)).get("dropped").asInt()).isEqualTo(1);
            assertError(send(http, "GET", "/v1/tables/digits", null, null), 404, "no table digits");
            assertError(send(http, "DELETE", "/v1/tables/digits", null, null), 404, "nothing deleted");
        }
    }

    @Test
    void tablesNeedTheKeyAndAnUnreachableStoreIs503() throws Exception {
        try (TestServer closed = TestServer.start()) {
            assertThat(closed.get("/v1/tables").statusCode()).isEqualTo(403);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestServer http = start("jdbc:postgresql://127.0.0.1:" + port + "/inkwell?user=u&password=hunter2&connectTimeout=2")) {
            assertThat(http.get("/v1/tables").statusCode()).isEqualTo(401);
            HttpResponse<String> down = send(http, "GET", "/v1/tables", null, null);
            assertError(down, 503, "cannot connect");
            assertThat(down.body()).doesNotContain("hunter2");
            // predictions do not need the store
            assertThat(http.post("/v1/endpoints/default/predict", "image/png", sample(3)).statusCode()).isEqualTo(200);
        }
    }
}

package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.dataset.CsvReader;
import dev.inkwell.dataset.Sample;
import dev.inkwell.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** triggers, functions and export as a user types them, on a real SQLite store and folder buckets. */
class TriggerCommandsTest {
    @TempDir
    Path temp;
    String store;
    String buckets;

    @BeforeEach
    void locations() {
        store = temp.resolve("inkwell.db").toString();
        buckets = temp.resolve("buckets").toString();
        try (Buckets b = Buckets.folder(Path.of(buckets))) {
            b.create("uploads");
        }
    }

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--store", store));
    }

    private CliTest.Result ok(String... args) {
        CliTest.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        return r;
    }

    @Test
    void triggersAreCreatedListedAndDeleted() throws Exception {
        assertThat(ok("triggers").out()).contains("no triggers in");
        assertThat(ok("triggers", "create", "digits", "--bucket", "uploads", "--prefix", "incoming/", "--suffix", ".png", "--action", "classify",
                "--endpoint", "default", "--buckets", buckets).out())
                .isEqualTo("created trigger digits: s3://uploads/incoming/*.png -> classify {endpoint=default}\n");
        ok("triggers", "create", "csv", "--bucket", "uploads", "--prefix", "csv/", "--action", "ingest", "--table", "digits", "--split", "test",
                "--buckets", buckets);
        assertThat(ok("triggers", "list").out()).contains("csv: s3://uploads/csv/* -> ingest {table=digits, split=test}").contains("digits: ");
        JsonNode json = ok("triggers", "list", "--json").json();
        assertThat(json.get("triggers")).extracting(t -> t.get("name").asText()).containsExactly("csv", "digits");
        assertThat(json.at("/triggers/1/options/endpoint").asText()).isEqualTo("default");

        CliTest.Result twice = run("triggers", "create", "digits", "--bucket", "uploads", "--action", "classify", "--buckets", buckets);
        assertThat(twice.code()).isEqualTo(Cli.FAILURE);
        assertThat(twice.err()).isEqualTo("inkwell: trigger digits exists: delete it first to change it\n");
        CliTest.Result noBucket = run("triggers", "create", "x", "--bucket", "photos", "--action", "classify", "--buckets", buckets);
        assertThat(noBucket.code()).isEqualTo(Cli.FAILURE);
        assertThat(noBucket.err()).contains("bucket photos: no such bucket").contains("inkwell buckets create photos");
        CliTest.Result noTable = run("triggers", "create", "x", "--bucket", "uploads", "--action", "ingest", "--buckets", buckets);
        assertThat(noTable.err()).contains("table").contains("missing");
        CliTest.Result badName = run("triggers", "create", "Bad Name", "--bucket", "uploads", "--action", "classify", "--buckets", buckets);
        assertThat(badName.code()).isEqualTo(Cli.FAILURE);
        assertThat(badName.err()).contains("trigger name");
        CliTest.Result noAction = run("triggers", "create", "x", "--bucket", "uploads");
        assertThat(noAction.code()).isEqualTo(Cli.USAGE);
        assertThat(noAction.err()).contains("--action");
        CliTest.Result unknown = run("triggers", "create", "x", "--bucket", "uploads", "--action", "classify", "--option", "colour=red", "--buckets", buckets);
        assertThat(unknown.err()).contains("no such option");

        assertThat(ok("triggers", "delete", "digits").out()).isEqualTo("deleted trigger digits\n");
        CliTest.Result gone = run("triggers", "delete", "digits");
        assertThat(gone.code()).isEqualTo(Cli.FAILURE);
        assertThat(gone.err()).isEqualTo("inkwell: no trigger named digits\n");
        assertThat(ok("triggers", "failures").out()).isEqualTo("no failures\n");
        assertThat(ok("triggers", "failures", "csv", "--json").json().get("failures")).isEmpty();
        assertThat(run("triggers", "failures", "--limit", "0").code()).isEqualTo(Cli.USAGE);
    }

    @Test
    void functionsRunOnceFromTheCommandLine() throws Exception {
        try (Buckets b = Buckets.folder(Path.of(buckets))) {
            b.bucket("uploads").put("pics/7.png", Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")), "image/png");
            b.bucket("uploads").put("pics/3_mine.png", Files.readAllBytes(SharedData.handwritten28px().resolve("3.png")), "image/png");
        }
        CliTest.Result list = CliTest.run("functions");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("classify").contains("export").contains("(not for triggers)");
        JsonNode classified = ok("functions", "invoke", "classify", "--event", "{\"bucket\": \"uploads\", \"key\": \"pics/7.png\"}",
                "--model", SharedData.mnist8Onnx().toString(), "--buckets", buckets).json();
        assertThat(classified.get("label").asText()).isEqualTo("7");
        assertThat(Files.readString(Path.of(buckets, "uploads", "results", "pics", "7.png.txt"))).startsWith("class=7 ; probability=");

        Path event = Files.writeString(temp.resolve("event.json"), "{\"bucket\": \"uploads\", \"key\": \"pics/3_mine.png\", \"table\": \"mine\"}");
        assertThat(ok("functions", "invoke", "ingest", "--event-file", event.toString(), "--buckets", buckets).json().get("added").asInt()).isEqualTo(1);
        CliTest.Result bad = run("functions", "invoke", "ingest", "--event", "{\"bucket\": \"uploads\", \"key\": \"nothing.csv\", \"table\": \"mine\"}",
                "--buckets", buckets);
        assertThat(bad.code()).isEqualTo(Cli.FAILURE);
        assertThat(bad.err()).startsWith("inkwell: Inkwell.NotFound: ").contains("nothing.csv");
        CliTest.Result notJson = run("functions", "invoke", "ingest", "--event", "{\"bucket\": ", "--buckets", buckets);
        assertThat(notJson.err()).contains("--event, line 1").contains("not valid JSON");
        CliTest.Result none = run("functions", "invoke", "nothing", "--event", "{}", "--buckets", buckets);
        assertThat(none.err()).startsWith("inkwell: Lambda.ResourceNotFoundException: no function named 'nothing'");
    }

    @Test
    void aTableIsExportedToABucketOrAFileAsSeed000DidIt() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 30; row++) {
            csv.append(row % 10);
            for (int i = 0; i < 784; i++) csv.append(',').append((row * 7 + i) % 256);
            csv.append('\n');
        }
        Path input = Files.writeString(temp.resolve("in.csv"), csv);
        ok("ingest", "--data", input.toString(), "--table", "digits");

        assertThat(ok("export", "--table", "digits", "--to", "s3://uploads/export/digits.csv", "--buckets", buckets).out())
                .matches("30 rows of table digits written to s3://uploads/export/digits.csv \\(\\d[\\d,]* bytes\\) in \\d+\\.\\d s\\n");
        byte[] exported = Files.readAllBytes(Path.of(buckets, "uploads", "export", "digits.csv"));
        assertThat(new String(exported, StandardCharsets.US_ASCII)).isEqualTo(csv.toString());

        Path file = temp.resolve("out/digits.csv");
        JsonNode json = ok("export", "--table", "digits", "--to", file.toString(), "--header", "--uuid", "--json").json();
        assertThat(json.get("rows").asInt()).isEqualTo(30);
        List<Sample> back = new ArrayList<>();
        try (CsvReader r = CsvReader.open(new ByteArrayInputStream(Files.readAllBytes(file)), "x", "train")) {
            for (Sample s = r.next(); s != null; s = r.next()) back.add(s);
        }
        assertThat(back).hasSize(30);
        assertThat(back.getFirst().uuid()).isNotBlank();

        CliTest.Result missing = run("export", "--table", "nothing", "--to", temp.resolve("n.csv").toString());
        assertThat(missing.code()).isEqualTo(Cli.FAILURE);
        assertThat(missing.err()).contains("no such table");
        assertThat(Files.exists(temp.resolve("n.csv"))).isFalse();
        assertThat(run("export", "--table", "digits", "--to", "s3://uploads/", "--buckets", buckets).code()).isEqualTo(Cli.USAGE);
        assertThat(run("export", "--table", "digits", "--to", "s3://Bad_Bucket/x.csv", "--buckets", buckets).code()).isEqualTo(Cli.USAGE);
        assertThat(run("export", "--table", "digits", "--to", "s3://uploads/x.csv", "--split", "validation", "--buckets", buckets).err())
                .contains("no rows in split validation");
    }
}

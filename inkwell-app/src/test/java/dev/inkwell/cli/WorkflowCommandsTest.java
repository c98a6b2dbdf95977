package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.testing.SharedData;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * workflows and executions as a user types them: seed 003's exported state machine run unchanged with the shipped
 * mapping file on folder buckets and the bundled model, and stored workflows on a real SQLite store.
 */
class WorkflowCommandsTest {
    static final String DEFINITION = SharedData.root().resolve("conformance/seed003/statemachine.json").toString();
    static final String FUNCTIONS = Path.of("..", "examples", "seed003", "functions.json").toString();
    static final String SEVEN = "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}";
    static final String SCRIBBLE = "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/scribble.png\", \"image_data\": \"\"}";

    @TempDir
    Path temp;
    String store;
    String buckets;

    @BeforeEach
    void locations() throws Exception {
        store = temp.resolve("inkwell.db").toString();
        buckets = temp.resolve("buckets").toString();
        try (Buckets b = Buckets.folder(Path.of(buckets))) {
            var digits = b.create("digits");
            digits.put("test/7.png", Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")), "image/png");
            digits.put("test/scribble.png", scribble(), "image/png");
        }
    }

    /** Three crossed white strokes on black: no digit (the bundled model's best guess is about 0.54 sure). */
    static byte[] scribble() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 28, 28);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(3, 14, 25, 14);
        g.drawLine(14, 3, 14, 25);
        g.drawLine(3, 3, 25, 25);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private CliTest.Result run(String... args) {
        return CliTest.run(CliTest.concat(args, "--store", store));
    }

    private CliTest.Result ok(String... args) {
        CliTest.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    private CliTest.Result fails(int code, String... args) {
        CliTest.Result r = run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isEqualTo(code);
        return r;
    }

    @Test
    void seed003RunsUnchangedAndAHandwrittenSevenSucceedsWithTheSeedsOutput() throws Exception {
        CliTest.Result r = ok("workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", SEVEN, "--json",
                "--buckets", buckets);
        JsonNode json = r.json();
        assertThat(json.fieldNames()).toIterable().containsExactly("status", "output", "error", "cause", "events");
        assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.get("error").isNull()).isTrue();
        JsonNode output = json.get("output");
        assertThat(output.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = output.get("body");
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("image_data", "s3_bucket", "s3_key", "inferences");
        assertThat(Base64.getDecoder().decode(body.get("image_data").asText()))
                .isEqualTo(Files.readAllBytes(SharedData.handwritten28px().resolve("7.png")));
        assertThat(body.get("s3_key").asText()).isEqualTo("test/7.png");
        JsonNode inferences = body.get("inferences");
        assertThat(inferences).hasSize(10);
        assertThat(inferences.get(7).asDouble()).isGreaterThan(0.93);
        List<String> events = new ArrayList<>();
        json.get("events").forEach(e -> events.add(e.asText()));
        assertThat(events).containsExactly("ExecutionStarted",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "ExecutionSucceeded");

        // the input from a file (@FILE), and the people's form
        Path input = temp.resolve("seven.json");
        Files.writeString(input, SEVEN);
        CliTest.Result human = ok("workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", "@" + input,
                "--buckets", buckets);
        assertThat(human.out()).startsWith("status      SUCCEEDED\n").contains("17 events").contains("output      {\"statusCode\":200");
        assertThat(ok("workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", input.toString(), "--json",
                "--buckets", buckets).json().get("status").asText()).as("--input FILE, as the issue writes it").isEqualTo("SUCCEEDED");
    }

    @Test
    void aScribbleFailsWithThresholdConfidenceNotMetAndANonZeroExit() throws Exception {
        CliTest.Result r = fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", SCRIBBLE,
                "--json", "--buckets", buckets);
        JsonNode json = r.json();
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        assertThat(json.get("error").asText()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(json.get("cause").asText()).contains("no inference is above 0.93");
        assertThat(json.get("output").isNull()).isTrue();
        assertThat(json.get("events").get(json.get("events").size() - 1).asText()).isEqualTo("ExecutionFailed");
        assertThat(r.err()).contains("inkwell: the execution FAILED: THRESHOLD_CONFIDENCE_NOT_MET");
    }

    @Test
    void workflowsAreStoredStartedAndFollowedOnTheStore() throws Exception {
        assertThat(ok("workflows").out()).contains("no workflows in");
        assertThat(ok("workflows", "create", "seed003", "--definition", DEFINITION, "--functions", FUNCTIONS).out())
                .startsWith("created workflow seed003 (revision 1): 3 states, starting at 'Image processing'\n");
        assertThat(ok("workflows", "create", "seed003", "--definition", DEFINITION, "--functions", FUNCTIONS).out())
                .as("the same files again").contains("nothing changed");
        assertThat(ok("workflows", "list").out()).contains("seed003").contains("REVISION");
        JsonNode listed = ok("workflows", "list", "--json").json();
        assertThat(listed.at("/workflows/0/name").asText()).isEqualTo("seed003");
        assertThat(listed.at("/workflows/0/stateMachineArn").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:seed003");
        assertThat(ok("workflows", "describe", "seed003").out()).contains("starts at   Image processing")
                .contains("imageClassifier").contains("Filter results");
        JsonNode described = ok("workflows", "describe", "seed003", "--json").json();
        assertThat(described.at("/definition/StartAt").asText()).isEqualTo("Image processing");
        assertThat(described.at("/functions/functions/imageClassifier/function").asText()).isEqualTo("classify");

        // run here, on the store, and wait
        JsonNode seven = ok("workflows", "start", "seed003", "--name", "seven", "--input", SEVEN, "--wait", "--json",
                "--buckets", buckets).json();
        assertThat(seven.get("executionArn").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:seed003:seven");
        assertThat(seven.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JsonOutput.mapper().readTree(seven.get("output").asText()).at("/body/inferences")).hasSize(10);
        CliTest.Result scribble = fails(Cli.FAILURE, "workflows", "start", "seed003", "--name", "scribble", "--input", SCRIBBLE, "--wait",
                "--buckets", buckets);
        assertThat(scribble.out()).contains("status      FAILED").contains("error       THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(scribble.err()).contains("FAILED: THRESHOLD_CONFIDENCE_NOT_MET");

        // without --wait: recorded for a server to run, its ARN printed
        CliTest.Result queued = ok("workflows", "start", "seed003", "--name", "later", "--input", SEVEN);
        assertThat(queued.out()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:seed003:later\n");
        assertThat(queued.err()).contains("queued");
        assertThat(ok("workflows", "start", "seed003", "--name", "later", "--input", SEVEN, "--json").json().get("created").asBoolean())
                .as("the same name and input: the same execution").isFalse();
        assertThat(fails(Cli.FAILURE, "workflows", "start", "seed003", "--name", "later", "--input", "{}").err())
                .contains("ExecutionAlreadyExists");

        String table = ok("executions").out();
        assertThat(table.lines().toList()).hasSize(4).first().asString().startsWith("EXECUTION");
        assertThat(table).contains("seed003:seven ").contains("SUCCEEDED").contains("seed003:scribble").contains("FAILED").contains("seed003:later");
        assertThat(ok("executions", "list", "--status", "failed", "--json").json().get("executions"))
                .extracting(e -> e.get("name").asText()).containsExactly("scribble");
        assertThat(ok("executions", "list", "--workflow", "seed003", "--status", "RUNNING").out()).contains("seed003:later")
                .doesNotContain("seven");
        assertThat(ok("executions", "list", "--workflow", "other").out()).isEqualTo("no executions of other\n");

        assertThat(ok("executions", "describe", "seed003:seven").out()).contains("status      SUCCEEDED").contains("output      {\"statusCode\":200");
        JsonNode d = ok("executions", "describe", "arn:aws:states:us-east-1:123456789012:execution:seed003:scribble", "--json").json();
        assertThat(d.get("status").asText()).isEqualTo("FAILED");
        assertThat(d.get("error").asText()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(JsonOutput.mapper().readTree(d.get("input").asText()).get("s3_key").asText()).isEqualTo("test/scribble.png");
        assertThat(ok("executions", "describe", "seed003:later").out()).contains("RUNNING").contains("no process yet");

        String history = ok("executions", "history", "seed003:seven").out();
        assertThat(history).contains("ExecutionStarted").contains("TaskStateEntered    Image processing")
                .contains("lambda:invoke imageClassifier").contains("ExecutionSucceeded");
        JsonNode events = ok("executions", "history", "seed003:scribble", "--json", "--reverse").json().get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionFailed");
        assertThat(events.get(0).at("/executionFailedEventDetails/error").asText()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(ok("executions", "history", "seed003:later").out()).contains("no events yet");

        assertThat(ok("executions", "stop", "seed003:later", "--error", "Stopped.ByUser", "--cause", "not needed").out())
                .isEqualTo("stopped arn:aws:states:us-east-1:123456789012:execution:seed003:later: ABORTED\n");
        assertThat(ok("executions", "history", "seed003:later").out()).contains("ExecutionAborted  Stopped.ByUser: not needed");
        assertThat(ok("executions", "stop", "seed003:seven").out()).contains("had ended already (SUCCEEDED)");
        assertThat(ok("workflows", "list").out()).containsPattern("seed003 +1 +\\S+ +0 +1 +1 +1");

        // a new revision; then deleted, its histories stay
        Path lenient = temp.resolve("lenient.json");
        Files.writeString(lenient, """
                {"functions": {"imageClassifier": {"function": "classify", "options": {"endpoint": "default"}},
                               "dropLowConfidencePredictions": {"function": "threshold", "options": {"threshold": 0.5}}}}""");
        assertThat(ok("workflows", "update", "seed003", "--definition", DEFINITION, "--functions", lenient.toString()).out())
                .startsWith("updated workflow seed003 to revision 2");
        assertThat(ok("workflows", "start", "seed003", "--name", "lenient", "--input", SCRIBBLE, "--wait", "--json", "--buckets", buckets)
                .json().get("revision").asInt()).isEqualTo(2);
        assertThat(ok("workflows", "delete", "seed003").out()).isEqualTo("deleted workflow seed003\n");
        assertThat(ok("workflows").out()).contains("no workflows");
        assertThat(ok("executions", "describe", "seed003:seven").out()).contains("SUCCEEDED");
    }

    @Test
    void hostileInputIsRefusedWithWhereAndWhy() throws Exception {
        // a definition that cannot run: the file, the state and the field named, before anything runs or is stored
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, """
                {"StartAt": "Classify", "States": {"Classify": {"Type": "Pass", "Next": "Clasify"}}}""");
        CliTest.Result badDefinition = fails(Cli.FAILURE, "workflows", "create", "w", "--definition", bad.toString());
        assertThat(badDefinition.err()).startsWith("inkwell: " + bad + ": state 'Classify': field 'Next'").contains("Clasify");
        assertThat(fails(Cli.FAILURE, "workflows", "run", "--definition", bad.toString(), "--buckets", buckets).err())
                .contains("state 'Classify'");
        assertThat(ok("workflows").out()).as("nothing stored").contains("no workflows");

        // JSON that is not JSON: file, line and column
        Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\" \"End\": true}}}");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "w", "--definition", broken.toString()).err())
                .startsWith("inkwell: " + broken + ", line 2, column ").contains("not valid JSON");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "w", "--definition", temp.resolve("none.json").toString()).err())
                .isEqualTo("inkwell: " + temp.resolve("none.json") + ": no such file\n");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "w", "--definition", temp.toString()).err()).contains("is a folder");
        assertThat(fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", "{\"s3_bucket\": ",
                "--buckets", buckets).err()).startsWith("inkwell: --input, line 1, column ").contains("not valid JSON");
        assertThat(fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", "{} []",
                "--buckets", buckets).err()).contains("--input").contains("not valid JSON");
        assertThat(fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input",
                "@" + temp.resolve("missing.json"), "--buckets", buckets).err()).contains("missing.json: no such file");

        // mappings: the file and the function named
        Path badMap = temp.resolve("map.json");
        Files.writeString(badMap, "{\"functions\": {\"imageClassifier\": {\"function\": \"classify\", \"options\": {\"colour\": 1}}}}");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "w", "--definition", DEFINITION, "--functions", badMap.toString()).err())
                .startsWith("inkwell: " + badMap + ": functions.imageClassifier");
        Files.writeString(badMap, "{\"functions\": {\"imageClassifier\": \"nope\"}}");
        assertThat(fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", badMap.toString(), "--input", SEVEN,
                "--buckets", buckets).err()).contains(badMap.toString()).contains("imageClassifier").contains("nope");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "w", "--definition", DEFINITION).err()).as("no mapping: unknown Lambda names")
                .startsWith("inkwell: " + DEFINITION + ": ").contains("imageClassifier").contains("neither in the workflow's function mapping");

        // names
        assertThat(fails(Cli.FAILURE, "workflows", "create", "bad name", "--definition", DEFINITION, "--functions", FUNCTIONS).err())
                .contains("workflow name").contains("'bad name'");
        assertThat(fails(Cli.FAILURE, "workflows", "describe", "nope").err()).isEqualTo("inkwell: no workflow named nope\n");
        assertThat(fails(Cli.FAILURE, "workflows", "delete", "nope").err()).isEqualTo("inkwell: no workflow named nope\n");
        assertThat(fails(Cli.FAILURE, "workflows", "start", "nope", "--input", "{}").err()).isEqualTo("inkwell: no workflow named nope\n");
        ok("workflows", "create", "seed003", "--definition", DEFINITION, "--functions", FUNCTIONS);
        assertThat(fails(Cli.FAILURE, "workflows", "start", "seed003", "--name", "no/slashes", "--input", "{}").err())
                .contains("execution name");
        assertThat(fails(Cli.FAILURE, "workflows", "update", "nope", "--definition", DEFINITION, "--functions", FUNCTIONS).err())
                .contains("no workflow named nope");
        Path other = temp.resolve("other.json");
        Files.writeString(other, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}");
        assertThat(fails(Cli.FAILURE, "workflows", "create", "seed003", "--definition", other.toString()).err())
                .contains("exists").contains("update");

        // executions that do not exist, and ARNs that are not
        assertThat(fails(Cli.FAILURE, "executions", "describe", "arn:aws:states:us-east-1:123456789012:execution:seed003:ghost").err())
                .isEqualTo("inkwell: no execution arn:aws:states:us-east-1:123456789012:execution:seed003:ghost\n");
        assertThat(fails(Cli.FAILURE, "executions", "history", "seed003:ghost").err()).contains("no execution");
        assertThat(fails(Cli.FAILURE, "executions", "stop", "seed003:ghost").err()).contains("no execution");
        assertThat(fails(Cli.FAILURE, "executions", "describe", "arn:aws:s3:::bucket").err()).contains("neither an execution ARN");
        assertThat(fails(Cli.FAILURE, "executions", "describe", "'; DROP TABLE workflows; --").err()).contains("neither an execution ARN");

        // usage errors
        assertThat(fails(Cli.USAGE, "workflows", "run", "--input", "{}").err()).contains("--definition");
        assertThat(fails(Cli.USAGE, "workflows", "start", "seed003", "--wait", "--timeout", "soon").err()).contains("not a duration");
        assertThat(fails(Cli.USAGE, "executions", "list", "--status", "DONE").err()).contains("--status");

        // a model that is not there fails the classification task, named
        CliTest.Result noModel = fails(Cli.FAILURE, "workflows", "run", "--definition", DEFINITION, "--functions", FUNCTIONS, "--input", SEVEN,
                "--model", "default=" + temp.resolve("no-such-model.onnx"), "--buckets", buckets, "--json");
        assertThat(noModel.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(noModel.json().get("cause").asText()).contains("no-such-model.onnx");
    }

    @Test
    void aRunLongerThanItsTimeoutIsAborted() throws Exception {
        Path sleepy = temp.resolve("sleepy.json");
        Files.writeString(sleepy, "{\"StartAt\": \"Nap\", \"States\": {\"Nap\": {\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}}}");
        CliTest.Result r = fails(Cli.FAILURE, "workflows", "run", "--definition", sleepy.toString(), "--timeout", "300ms", "--json",
                "--buckets", buckets);
        JsonNode json = r.json();
        assertThat(json.get("status").asText()).isEqualTo("ABORTED");
        assertThat(json.get("events").get(json.get("events").size() - 1).asText()).isEqualTo("ExecutionAborted");
    }
}

package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectEvent;
import dev.inkwell.functions.WorkflowStarter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Starts a workflow for an object, as seed 003's test events do: the execution's input is
 * {@code {"s3_bucket", "s3_key", "image_data": ""}} and its name is derived from the object's bucket, key and ETag
 * (readable file name, then a hash), so an event delivered twice starts one execution and a new version of the object
 * starts another. Event: {@code {"bucket", "key", "etag"?, "name": WORKFLOW}}; as a trigger's action, option
 * {@code name} names the workflow.
 */
public final class WorkflowFunction implements Function {
    public static final String NAME = "workflow";
    private static final Set<String> OPTIONS = Set.of("name");
    private static final Pattern WORKFLOW_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,80}");
    private static final int READABLE = 40;
    private static final int HASH_HEX = 32;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "start the workflow 'name' for the object at bucket/key with seed 003's input {s3_bucket, s3_key, image_data: \"\"}, once per object version";
    }

    @Override
    public boolean takesObjectEvents() {
        return true;
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        workflow(options);
        return options;
    }

    static String workflow(JsonNode event) {
        String workflow = EventFields.requiredText(event, "name");
        if (!WORKFLOW_NAME.matcher(workflow).matches()) {
            throw new InvalidInputException(InputLocation.file("event field name"), "not a workflow name (1-80 letters, digits, '.', '_' or '-')");
        }
        return workflow;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        ObjectEvent object = ObjectEvent.of(event);
        String workflow = workflow(event);
        String eTag = object.eTag() != null ? object.eTag()
                : invocation.environment().buckets().bucket(object.bucket()).head(object.key()).eTag();
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("s3_bucket", object.bucket());
        input.put("s3_key", object.key());
        input.put("image_data", "");
        WorkflowStarter.Started started = invocation.environment().workflows().start(workflow, executionName(object.bucket(), object.key(), eTag), input);
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("workflow", workflow);
        answer.put("executionArn", started.executionArn());
        answer.put("name", started.name());
        answer.put("created", started.created());
        answer.put("bucket", object.bucket());
        answer.put("key", object.key());
        answer.put("etag", eTag);
        return answer;
    }

    /**
     * A valid Step Functions execution name (1-80 of letters, digits, '-' and '_') for one version of an object: its
     * file name, made safe and cut to 40 characters, then 32 hex digits of the SHA-256 of bucket, key and ETag.
     */
    public static String executionName(String bucket, String key, String eTag) {
        String file = key.substring(key.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_-]", "_");
        if (file.length() > READABLE) file = file.substring(0, READABLE);
        String hash;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((bucket + "\n" + key + "\n" + (eTag == null ? "" : eTag))
                    .getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
        return file.isEmpty() ? hash : file + "-" + hash;
    }
}

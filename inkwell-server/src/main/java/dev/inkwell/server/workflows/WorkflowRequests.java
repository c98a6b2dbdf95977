package dev.inkwell.server.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import dev.inkwell.server.triggers.JsonBodies;
import dev.inkwell.workflow.ExecutionStatus;
import dev.inkwell.workflow.WorkflowDefinitionException;
import dev.inkwell.workflow.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** What the workflow routes read from requests, checked: definitions, inputs, ARNs, query parameters. */
final class WorkflowRequests {
    /** Step Functions' limit on an execution's input. */
    static final int MAX_INPUT_BYTES = 256 * 1024;
    static final int MAX_LIST = 1000;
    static final int MAX_WAIT_SECONDS = 300;
    private static final Pattern EXECUTION_ARN = Pattern.compile("arn:aws:states:[a-z0-9-]{1,30}:[0-9]{12}:execution:[A-Za-z0-9_.\\-]{1,80}:[A-Za-z0-9_\\-]{1,80}");

    private WorkflowRequests() {
    }

    /** {@code definition}: a JSON object, or the JSON text of one (as CreateStateMachine takes it). */
    static JsonNode definition(JsonNode body) {
        JsonNode d = body.get("definition");
        InputLocation at = InputLocation.file("request body, field definition");
        if (d == null || d.isNull()) throw new InvalidInputException(at, "missing: the Amazon States Language definition (an object or its JSON text)");
        if (d.isTextual()) d = JsonBodies.parse(d.textValue().getBytes(StandardCharsets.UTF_8), "request body, field definition");
        if (!d.isObject()) throw new InvalidInputException(at, "expected an object (or its JSON text), not " + JsonTrees.typeName(d));
        return d;
    }

    /** {@code functions}: the mapping object (with or without its {@code "functions"} wrapper), or null. */
    static JsonNode functions(JsonNode body) {
        JsonNode f = body.get("functions");
        if (f == null || f.isNull()) return null;
        if (!f.isObject()) throw new InvalidInputException(InputLocation.file("request body, field functions"),
                "expected an object of Lambda names to functions, not " + JsonTrees.typeName(f));
        return f.has("functions") ? f : JsonTrees.object().set("functions", f);
    }

    /** A definition Inkwell cannot run is the client's mistake: 400, naming the state and the field. */
    static InvalidInputException badDefinition(WorkflowDefinitionException e) {
        return new InvalidInputException(InputLocation.file("request body, field definition"), e.getMessage(), e);
    }

    /** {@code input}: any JSON value ({} when absent), at most 256 KiB written out. */
    static JsonNode input(JsonNode body) {
        JsonNode in = body.get("input");
        if (in == null) return JsonTrees.object();
        int size = JsonTrees.write(in).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_INPUT_BYTES) {
            throw new InputTooLargeException("request body, field input: " + size + " bytes; an execution's input may have at most 256 KiB ("
                    + MAX_INPUT_BYTES + " bytes, as Step Functions')");
        }
        return in;
    }

    static String executionArn(String arn) {
        if (arn == null || !EXECUTION_ARN.matcher(arn).matches()) {
            throw new InvalidInputException(InputLocation.file("execution ARN"), "'" + Texts.abbreviate(String.valueOf(arn), 80)
                    + "' is not an execution ARN (arn:aws:states:REGION:ACCOUNT:execution:WORKFLOW:NAME)");
        }
        return arn;
    }

    static ExecutionStatus status(String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return ExecutionStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputLocation.file("status"), "'" + Texts.abbreviate(value, 40) + "' is not a status (expected one of "
                    + Arrays.toString(ExecutionStatus.values()) + ")");
        }
    }

    static int limit(String value, int dflt) {
        return (int) whole("limit", value, dflt, 1, MAX_LIST);
    }

    static Duration await(String value) {
        return Duration.ofSeconds(whole("wait", value, 0, 0, MAX_WAIT_SECONDS));
    }

    static long after(String value) {
        return whole("nextToken", value, 0, 0, Long.MAX_VALUE / 2);
    }

    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) return false;
        if (value.equals("true") || value.equals("1")) return true;
        if (value.equals("false") || value.equals("0")) return false;
        throw new InvalidInputException(InputLocation.file(name), "expected true or false");
    }

    private static long whole(String name, String value, long dflt, long min, long max) {
        if (value == null || value.isEmpty()) return dflt;
        long v;
        try {
            v = value.matches("[0-9]{1,18}") ? Long.parseLong(value) : -1;
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < min || v > max) {
            throw new InvalidInputException(InputLocation.file(name), "'" + Texts.abbreviate(value, 30) + "': expected a whole number from "
                    + min + " to " + max);
        }
        return v;
    }

    /** An optional text field of at most {@code max} characters. */
    static String text(JsonNode body, String field, int max) {
        String v = JsonBodies.text(body, field, false);
        if (v != null && v.length() > max) {
            throw new InvalidInputException(InputLocation.file("request body, field " + field), "at most " + max + " characters");
        }
        return v;
    }
}

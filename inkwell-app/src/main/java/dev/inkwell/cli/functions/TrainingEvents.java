package dev.inkwell.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Invocation;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.RegistryNames;
import dev.inkwell.registry.VersionSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the train and finetune functions share: event fields, the output folder of an attempt, registration. */
final class TrainingEvents {
    private TrainingEvents() {
    }

    static int integer(JsonNode event, String field, int fallback, int min, int max) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new InvalidInputException(InputLocation.file("event field " + field), "expected a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    static double number(JsonNode event, String field, double fallback, double min, double max) {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber() || v.doubleValue() < min || v.doubleValue() > max) {
            throw new InvalidInputException(InputLocation.file("event field " + field), "expected a number from " + min + " to " + max);
        }
        return v.doubleValue();
    }

    /** A samples table's name, checked as the store names tables. */
    static String table(JsonNode event, String field) {
        String t = EventFields.requiredText(event, field);
        if (!t.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
            throw new InvalidInputException(InputLocation.file("event field " + field), "not a table name (letters, digits and '_')");
        }
        return t;
    }

    /**
     * The attempt's own folder under {@code $INKWELL_HOME/functions/KIND/}: named after the invocation's idempotency key,
     * so an attempt invoked again after a crash finds what it wrote instead of training twice.
     */
    static Path out(String kind, Invocation invocation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(invocation.idempotencyKey().getBytes(StandardCharsets.UTF_8));
            return InkwellHome.path().resolve("functions").resolve(kind).resolve(HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean finished(Path out) {
        return Files.isRegularFile(out.resolve("model.onnx")) && Files.isRegularFile(out.resolve("model.card.json"));
    }

    /** Registers {@code out} when the event names {@code register} (and {@code alias}); adds what was registered to {@code answer}. */
    static void registerIfAsked(JsonNode event, Invocation invocation, Path out, VersionSource source, ObjectNode answer) {
        String name = EventFields.text(event, "register", null);
        if (name == null) return;
        String alias = EventFields.text(event, "alias", null);
        try {
            RegistryNames.model(name);
            if (alias != null) RegistryNames.alias(alias);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(InputLocation.file("event field " + (e.problem().startsWith("alias") ? "alias" : "register")), e.problem(), e);
        }
        var env = invocation.environment();
        ModelRegistry registry = ModelRegistry.open(env.store(), env.buckets());
        ModelVersion v = registry.register(Registration.of(name, new ModelRef.LocalPath(out.toAbsolutePath()), source).withAlias(alias));
        ObjectNode r = answer.putObject("registered");
        r.put("name", v.name());
        r.put("version", v.version());
        r.put("sha256", v.sha256());
        if (alias != null) r.put("alias", alias);
    }

    static ObjectNode answer(Path out) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("out", out.toString());
        return o;
    }
}

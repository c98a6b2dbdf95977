package dev.inkwell.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.trigger.TriggerSettings;
import dev.inkwell.model.InvalidModelRefException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code serve} config file (JSON) over the defaults. Every key is optional; unknown keys are errors, so a
 * typo never silently falls back to a default:
 * <pre>{
 *   "http": {"host": "0.0.0.0", "port": 8080, "accessLog": true, "stopTimeoutMs": 10000, "warmCanvas": true, "headerCache": true},
 *   "limits": {"maxBodyBytes": 10485760, "maxImagePixels": 40000000, "maxBatchItems": 256},
 *   "batching": {"enabled": true, "maxBatch": 8, "maxWaitMs": 0, "workers": 2, "intraOpThreads": 1},
 *   "admission": {"maxPixelsInFlight": 900000, "smallReserve": 100000, "retryAfterMs": 1000, "maxWaitMs": 500},
 *   "fetch": {"enabled": true, "allowHttp": false, "allowedHosts": [], "maxBytes": 5242880, "timeoutMs": 5000, "maxRedirects": 3},
 *   "endpoints": {"default": "mnist", "fashion": "models/fashion.onnx"},
 *   "capture": {"percent": 10, "destination": "s3://captures/", "flushIntervalMs": 1000, "maxBufferedRequests": 10000},
 *   "monitoring": {"everyMs": 3600000, "delayMs": 60000, "baselines": {"default": "baselines/mnist"},
 *                  "reports": "s3://monitoring/", "lowConfidence": 0.93, "labelling": true},
 *   "store": "jdbc:postgresql://db:5432/inkwell?user=inkwell",
 *   "buckets": "s3://?endpoint=http://minio:9000",
 *   "triggers": {"mode": "auto", "workers": 2, "claimBatch": 8, "leaseMs": 60000, "queuePollMs": 200, "refreshMs": 1000,
 *                "maxAttempts": 4, "firstRetryMs": 2000, "maxRetryMs": 300000, "timeoutMs": 900000, "bucketPollMs": 30000,
 *                "watchSettleMs": 1000, "watchPollMs": 2000},
 *   "workflows": {"leaseMs": 15000, "recoveryMs": 2000}
 * }</pre>
 */
public final class ServerConfigFile {

    private ServerConfigFile() {
    }

    public static ServerConfig read(Path file, ServerConfig base) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw new InvalidInputException(at == null ? InputLocation.file(file.toString())
                    : InputLocation.line(file.toString(), at.getLineNr(), at.getColumnNr()), "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(file.toString()), "cannot read: " + e.getMessage());
        }
        Reader r = new Reader(file.toString());
        if (root == null || !root.isObject()) throw r.problem("", "expected a JSON object");
        r.only(root, "", Set.of("http", "limits", "admission", "batching", "fetch", "endpoints", "capture", "monitoring", "store", "buckets", "triggers", "workflows"));
        ServerConfig.Builder c = base.toBuilder();
        if (root.has("store")) c.store(r.text(root, "store", null));
        if (root.has("buckets")) c.buckets(r.text(root, "buckets", null));
        if (root.has("triggers")) c.triggers(triggers(r, root, c.triggers()));
        if (root.has("workflows")) {
            JsonNode n = r.object(root, "workflows", Set.of("leaseMs", "recoveryMs"));
            var w = c.workflows();
            c.workflows(new ServerConfig.WorkflowConfig(ms(r, n, "workflows.leaseMs", w.lease(), 1_000),
                    ms(r, n, "workflows.recoveryMs", w.recoveryInterval(), 10)));
        }
        if (root.has("http")) {
            JsonNode n = r.object(root, "http", Set.of("host", "port", "accessLog", "stopTimeoutMs", "warmCanvas", "headerCache"));
            var h = c.http();
            c.http(new ServerConfig.Http(r.text(n, "http.host", h.host()), r.integer(n, "http.port", h.port(), 0, 65535),
                    Duration.ofMillis(r.longValue(n, "http.stopTimeoutMs", h.stopTimeout().toMillis(), 0, 600_000)),
                    r.bool(n, "http.accessLog", h.accessLog()), r.bool(n, "http.warmCanvas", h.warmCanvas()),
                    r.bool(n, "http.headerCache", h.headerCache())));
        }
        if (root.has("limits")) {
            JsonNode n = r.object(root, "limits", Set.of("maxBodyBytes", "maxImagePixels", "maxBatchItems"));
            var l = c.serving().limits();
            c.limits(new ServingConfig.Limits(r.longValue(n, "limits.maxBodyBytes", l.maxBodyBytes(), 1, 1L << 31),
                    r.longValue(n, "limits.maxImagePixels", l.maxImagePixels(), 1, 1L << 31),
                    r.integer(n, "limits.maxBatchItems", l.maxBatchItems(), 1, 100_000)));
        }
        if (root.has("admission")) {
            JsonNode n = r.object(root, "admission", Set.of("maxPixelsInFlight", "smallReserve", "retryAfterMs", "maxWaitMs"));
            var a = c.serving().admission();
            long max = r.longValue(n, "admission.maxPixelsInFlight", a.maxPixelsInFlight(), 0, 1L << 40);
            long reserve = r.longValue(n, "admission.smallReserve", n.has("maxPixelsInFlight") ? max / 9 : a.smallReserve(), 0, 1L << 40);
            try {
                c.admission(new ServingConfig.Admission(max, reserve,
                        Duration.ofMillis(r.longValue(n, "admission.retryAfterMs", a.retryAfter().toMillis(), 0, 3_600_000)),
                        Duration.ofMillis(r.longValue(n, "admission.maxWaitMs", a.maxWait().toMillis(), 0, 60_000))));
            } catch (IllegalArgumentException bad) {
                throw r.problem("admission", bad.getMessage());
            }
        }
        if (root.has("batching")) {
            JsonNode n = r.object(root, "batching", Set.of("enabled", "maxBatch", "maxWaitMs", "workers", "intraOpThreads"));
            var b = c.serving().batching();
            c.batching(new ServingConfig.Batching(r.bool(n, "batching.enabled", b.enabled()),
                    r.integer(n, "batching.maxBatch", b.maxBatch(), 1, 4096),
                    Duration.ofMillis(r.longValue(n, "batching.maxWaitMs", b.maxWait().toMillis(), 0, 1000)),
                    r.integer(n, "batching.workers", b.workers(), 1, 64), r.integer(n, "batching.intraOpThreads", b.intraOpThreads(), 1, 256)));
        }
        if (root.has("fetch")) {
            JsonNode n = r.object(root, "fetch", Set.of("enabled", "allowHttp", "allowedHosts", "maxBytes", "timeoutMs", "maxRedirects"));
            var f = c.serving().fetch();
            c.fetch(new ServingConfig.Fetch(r.bool(n, "fetch.enabled", f.enabled()), r.bool(n, "fetch.allowHttp", f.allowHttp()),
                    r.strings(n, "fetch.allowedHosts", f.allowedHosts()), r.longValue(n, "fetch.maxBytes", f.maxBytes(), 1, 1L << 30),
                    Duration.ofMillis(r.longValue(n, "fetch.timeoutMs", f.timeout().toMillis(), 1, 120_000)),
                    r.integer(n, "fetch.maxRedirects", f.maxRedirects(), 0, 20)));
        }
        if (root.has("capture")) {
            JsonNode n = r.object(root, "capture", Set.of("percent", "destination", "flushIntervalMs", "maxBufferedRequests"));
            var k = c.capture();
            CaptureSettings settings;
            try {
                settings = new CaptureSettings(r.number(n, "capture.percent", k.endpoints().percent(), 0, 100),
                        r.text(n, "capture.destination", k.endpoints().destination()));
            } catch (InvalidInputException bad) {
                throw r.problem("capture", bad.getMessage());
            }
            c.capture(new ServerConfig.Capture(settings, Duration.ofMillis(r.longValue(n, "capture.flushIntervalMs", k.flushInterval().toMillis(), 2, 3_600_000)),
                    r.integer(n, "capture.maxBufferedRequests", k.maxBufferedRequests(), 1, 10_000_000)));
        }
        if (root.has("monitoring")) c.monitoring(monitoring(file, r, r.object(root, "monitoring",
                Set.of("everyMs", "delayMs", "baselines", "reports", "lowConfidence", "labelling")), c.monitoring()));
        if (root.has("endpoints")) {
            JsonNode n = root.get("endpoints");
            if (!n.isObject() || n.isEmpty()) throw r.problem("endpoints", "expected an object of name: model");
            List<EndpointSpec> specs = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) throw r.problem("endpoints." + e.getKey(), "expected a model path or bundled name");
                try {
                    specs.add(new EndpointSpec(e.getKey(), resolveBeside(file, e.getValue().asText())));
                } catch (IllegalArgumentException | InvalidModelRefException bad) {
                    throw r.problem("endpoints." + e.getKey(), bad.getMessage());
                }
            }
            c.endpoints(specs);
        }
        try {
            return c.build();
        } catch (IllegalArgumentException e) {
            throw r.problem("", e.getMessage());
        }
    }

    private static ServerConfig.TriggerConfig triggers(Reader r, JsonNode root, ServerConfig.TriggerConfig base) {
        JsonNode n = r.object(root, "triggers", Set.of("mode", "workers", "claimBatch", "leaseMs", "queuePollMs", "refreshMs", "maxAttempts",
                "firstRetryMs", "maxRetryMs", "timeoutMs", "bucketPollMs", "watchSettleMs", "watchPollMs"));
        String mode = r.text(n, "triggers.mode", base.mode().name().toLowerCase(Locale.ROOT));
        ServerConfig.TriggerConfig.Mode m;
        try {
            m = ServerConfig.TriggerConfig.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.problem("triggers.mode", "expected auto, on or off");
        }
        var t = base.settings();
        try {
            var settings = new TriggerSettings(r.integer(n, "triggers.workers", t.workers(), 1, 256),
                    r.integer(n, "triggers.claimBatch", t.claimBatch(), 1, 100),
                    ms(r, n, "triggers.leaseMs", t.lease(), 3_000), ms(r, n, "triggers.queuePollMs", t.queuePoll(), 1),
                    ms(r, n, "triggers.refreshMs", t.refresh(), 1), r.integer(n, "triggers.maxAttempts", t.maxAttempts(), 1, 100),
                    ms(r, n, "triggers.firstRetryMs", t.firstRetry(), 1), ms(r, n, "triggers.maxRetryMs", t.maxRetry(), 1),
                    ms(r, n, "triggers.timeoutMs", t.timeout(), 1), ms(r, n, "triggers.bucketPollMs", t.bucketPoll(), 0),
                    ms(r, n, "triggers.watchSettleMs", t.watchSettle(), 0), ms(r, n, "triggers.watchPollMs", t.watchPoll(), 1), t.owner());
            return base.withMode(m).withSettings(settings);
        } catch (IllegalArgumentException e) {
            throw r.problem("triggers", e.getMessage());
        }
    }

    private static Duration ms(Reader r, JsonNode n, String key, Duration dflt, long min) {
        return Duration.ofMillis(r.longValue(n, key, dflt.toMillis(), min, 86_400_000L));
    }

    /** The "monitoring" section over {@code m}; a baseline folder is relative to the file's folder. */
    private static ServerConfig.Monitoring monitoring(Path file, Reader r, JsonNode n, ServerConfig.Monitoring m) {
        long every = r.longValue(n, "monitoring.everyMs", m.every().toMillis(), 100, Duration.ofDays(7).toMillis());
        long delay = r.longValue(n, "monitoring.delayMs", Math.min(m.delay().toMillis(), every / 4), 0, every - 1);
        Map<String, String> baselines = new LinkedHashMap<>(m.baselines());
        JsonNode b = n.get("baselines");
        if (b != null) {
            if (!b.isObject()) throw r.problem("monitoring.baselines", "expected an object of endpoint: baseline folder or s3://BUCKET/PREFIX");
            for (var e : b.properties()) {
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    throw r.problem("monitoring.baselines." + e.getKey(), "expected a baseline folder or s3://BUCKET/PREFIX");
                }
                String location = e.getValue().asText().strip();
                Path dir = file.toAbsolutePath().getParent();
                baselines.put(e.getKey(), location.startsWith("s3://") || dir == null ? location : dir.resolve(location).normalize().toString());
            }
        }
        try {
            return new ServerConfig.Monitoring(Duration.ofMillis(every), Duration.ofMillis(delay), baselines,
                    r.text(n, "monitoring.reports", m.reports()), r.number(n, "monitoring.lowConfidence", m.lowConfidence(), 0, 1),
                    r.bool(n, "monitoring.labelling", m.labelling()));
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw r.problem("monitoring", e.getMessage());
        }
    }

    /**
     * A model reference written in the config file, in canonical form: relative paths are relative to the file's
     * folder, and a bare bundled name is checked against the files there ({@link ModelRef#parse(String, Path)}).
     */
    private static String resolveBeside(Path file, String model) {
        Path dir = file.toAbsolutePath().getParent();
        return ModelRef.parse(model, dir == null ? Path.of(".") : dir).toString();
    }

    private record Reader(String file) {
        InvalidInputException problem(String key, String message) {
            return new InvalidInputException(InputLocation.file(file), (key.isEmpty() ? "" : key + ": ") + message);
        }

        void only(JsonNode node, String prefix, Set<String> keys) {
            node.fieldNames().forEachRemaining(k -> {
                if (!keys.contains(k)) throw problem(prefix + (prefix.isEmpty() ? "" : ".") + k, "unknown key (expected one of " + keys + ")");
            });
        }

        JsonNode object(JsonNode root, String key, Set<String> keys) {
            JsonNode n = root.get(key);
            if (!n.isObject()) throw problem(key, "expected an object");
            only(n, key, keys);
            return n;
        }

        String text(JsonNode n, String key, String dflt) {
            JsonNode v = n.get(key.substring(key.indexOf('.') + 1));
            if (v == null) return dflt;
            if (!v.isTextual()) throw problem(key, "expected a string");
            return v.asText();
        }

        boolean bool(JsonNode n, String key, boolean dflt) {
            JsonNode v = n.get(key.substring(key.indexOf('.') + 1));
            if (v == null) return dflt;
            if (!v.isBoolean()) throw problem(key, "expected true or false");
            return v.asBoolean();
        }

        long longValue(JsonNode n, String key, long dflt, long min, long max) {
            JsonNode v = n.get(key.substring(key.indexOf('.') + 1));
            if (v == null) return dflt;
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) throw problem(key, "expected a whole number from " + min + " to " + max);
            return v.asLong();
        }

        double number(JsonNode n, String key, double dflt, double min, double max) {
            JsonNode v = n.get(key.substring(key.indexOf('.') + 1));
            if (v == null) return dflt;
            if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) throw problem(key, "expected a number from " + min + " to " + max);
            return v.asDouble();
        }

        int integer(JsonNode n, String key, int dflt, int min, int max) {
            return (int) longValue(n, key, dflt, min, max);
        }

        List<String> strings(JsonNode n, String key, List<String> dflt) {
            JsonNode v = n.get(key.substring(key.indexOf('.') + 1));
            if (v == null) return dflt;
            if (!v.isArray()) throw problem(key, "expected an array of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode s : v) {
                if (!s.isTextual()) throw problem(key, "expected an array of strings");
                out.add(s.asText());
            }
            return out;
        }
    }
}

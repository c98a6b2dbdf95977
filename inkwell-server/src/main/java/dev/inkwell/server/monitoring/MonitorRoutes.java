package dev.inkwell.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ContentTypes;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.monitor.CaptureWindow;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.endpoints.EndpointRoutes;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import dev.inkwell.store.WorkQueue;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An endpoint's monitoring over HTTP, for the monitoring page ({@code /monitor.html}): its capture setting, baseline
 * and schedule, its latest runs (the work items of {@link MonitorScheduler}'s queue, with each run's summary), the
 * labelling queue's count of its readings; a check run now ({@link MonitorScheduler#runNow}); and a run's report
 * files (management: the report shows captured pictures, the users' own).
 */
public final class MonitorRoutes implements RouteGroup {
    /** What a report folder holds ({@link dev.inkwell.monitor.report.MonitorReport}); nothing else is served. */
    static final Set<String> REPORT_FILES = Set.of("report.html", "summary.json", "statistics.json", "constraint_violations.json",
            "confidence.png", "class-mix.png", "low-confidence.png", "latency.png", "captured.png");
    private static final Map<Integer, String> STORE_ERRORS = Map.of(503, "the store cannot be reached");
    private static final Duration LONGEST = Duration.ofDays(7);
    /** A window may end this far after the server's clock (clients' clocks differ a little). */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final int MAX_BODY = 4096;

    private final EndpointRuntime endpoints;
    private final MonitorScheduler scheduler;
    private final Supplier<Store> store;
    private final Supplier<Buckets> buckets;
    private final boolean labelling;
    private final Clock clock;

    public MonitorRoutes(EndpointRuntime endpoints, MonitorScheduler scheduler, Supplier<Store> store, Supplier<Buckets> buckets,
                         boolean labelling, Clock clock) {
        this.endpoints = endpoints;
        this.scheduler = scheduler;
        this.store = store;
        this.buckets = buckets;
        this.labelling = labelling;
        this.clock = clock;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/v1/endpoints/{name}/monitoring").tag("monitoring").summary("An endpoint's capture, baseline, schedule and latest monitoring runs")
                        .description("Runs come newest first, scheduled and asked-for alike, each with its summary: readings judged, "
                                + "distance from the baseline per feature against its threshold, the violations, the low-confidence share. "
                                + "The same figures as the inkwell_monitor_* gauges on /metrics (which show the latest scheduled window).")
                        .returns("EndpointMonitoring")
                        .query(List.of(new ApiRoute.QueryParam("limit", "integer", "at most this many runs (default 10, at most 100)")))
                        .errors(STORE_ERRORS).error(400, "a malformed parameter").error(404, "no such endpoint").handler(this::describe),
                ApiRoute.post("/v1/endpoints/{name}/monitoring/runs").tag("monitoring").summary("Judge the endpoint's captures against its baseline now")
                        .description("Body (optional) {\"since\": ISO-8601, \"until\": ISO-8601}: the window. By default it ends now and "
                                + "starts where the endpoint's latest finished run ended (one schedule interval ago when there is none), so "
                                + "each check judges what is new. The run is an item of the schedule's work queue, its report goes to the "
                                + "reports bucket beside the scheduled ones; the answer is the run once it is over (or as another replica "
                                + "left it). Captures still in a replica's buffer (up to the flush interval) are not in the bucket yet.")
                        .manage().accepts(List.of("application/json")).returns("MonitoringRun").errors(STORE_ERRORS)
                        .error(400, "malformed body or window (the message names the field)").error(404, "no such endpoint")
                        .error(409, "the endpoint has no baseline, or this window was asked for already").handler(this::runNow),
                ApiRoute.get("/v1/endpoints/{name}/monitoring/runs/{id}/files/{file}").tag("monitoring")
                        .summary("A file of a run's report: report.html, its charts, summary.json, statistics.json, constraint_violations.json")
                        .description("Read from the reports bucket; report.html links its charts relatively, so they resolve to this route.")
                        .manage().returns("File", List.of("text/html", "image/png", "application/json")).errors(STORE_ERRORS)
                        .error(400, "a malformed run id").error(404, "no such endpoint, run, report or file").handler(this::file));
    }

    private void describe(Context ctx) {
        LiveEndpoint ep = endpoints.get(ctx.pathParam("name"));
        int limit = (int) number(ctx.queryParam("limit"), "limit", 1, 100, 10);
        String baseline = scheduler.config().baselines().get(ep.name());
        Deployment d = ep.deployment();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", ep.name());
        out.put("capture", d == null ? null : EndpointRoutes.captureJson(d.capture()));
        out.put("baseline", baseline);
        out.put("schedule", baseline == null ? null : schedule(clock.instant()));
        out.put("low_confidence_threshold", scheduler.config().lowConfidence());
        Store s = store.get();
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("enabled", labelling);
        s.labelling().counts(ep.name()).forEach((status, n) -> queue.put(status.id(), n));
        out.put("labelling", queue);
        out.put("runs", s.queue(MonitorScheduler.QUEUE).latest(MonitorWindows.prefix(ep.name()), limit).stream().map(MonitorRoutes::run).toList());
        ctx.json(out);
    }

    /** The schedule: its interval, the delay after each window, where reports go and when the next window is judged. */
    private Map<String, Object> schedule(Instant now) {
        ServerConfig.Monitoring c = scheduler.config();
        CaptureWindow due = MonitorWindows.latestDue(now, c.every(), c.delay());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("every_s", c.every().toMillis() / 1000.0);
        m.put("delay_s", c.delay().toMillis() / 1000.0);
        m.put("reports", c.reports());
        m.put("next_run_at", due.until().plus(c.every()).plus(c.delay()).toString());
        return m;
    }

    private void runNow(Context ctx) {
        LiveEndpoint ep = endpoints.get(ctx.pathParam("name"));
        JsonNode body = body(ctx);
        Instant now = clock.instant();
        Instant until = instant(body, "until", now);
        if (until.isAfter(now.plus(SKEW))) throw new InvalidInputException("until " + until + " is in the future: captures after now are not there yet");
        Instant since = instant(body, "since", null);
        WorkQueue queue = store.get().queue(MonitorScheduler.QUEUE);
        if (since == null) since = defaultSince(queue, ep.name(), until);
        if (!since.isBefore(until)) throw new InvalidInputException("since " + since + " is not before until " + until);
        if (Duration.between(since, until).compareTo(LONGEST) > 0) throw new InvalidInputException("the window is longer than 7 days");
        ctx.json(run(scheduler.runNow(ep.name(), new CaptureWindow(since, until))));
    }

    /** Where the latest finished run ended, when that is before {@code until} and within 7 days; else one interval back. */
    private Instant defaultSince(WorkQueue queue, String endpoint, Instant until) {
        for (WorkItem item : queue.latest(MonitorWindows.prefix(endpoint), 20)) {
            if (item.status() != WorkItem.Status.DONE) continue;
            Optional<CaptureWindow> w = window(item);
            if (w.isPresent() && w.get().until().isBefore(until) && Duration.between(w.get().until(), until).compareTo(LONGEST) <= 0) {
                return w.get().until();
            }
            break;
        }
        return until.minus(scheduler.config().every());
    }

    private void file(Context ctx) {
        LiveEndpoint ep = endpoints.get(ctx.pathParam("name"));
        long id = number(ctx.pathParam("id"), "run id", 1, Long.MAX_VALUE, 0);
        String file = ctx.pathParam("file");
        if (!REPORT_FILES.contains(file)) {
            throw new NotFoundException("no file '" + Texts.abbreviate(file, 40) + "' in a monitoring report; expected one of " + REPORT_FILES.stream().sorted().toList());
        }
        WorkItem item = store.get().queue(MonitorScheduler.QUEUE).find(id)
                .filter(i -> i.key().startsWith(MonitorWindows.prefix(ep.name())))
                .orElseThrow(() -> new NotFoundException("endpoint " + ep.name() + " has no monitoring run " + id));
        String report = Optional.ofNullable(result(item)).map(r -> r.path("report").asText(null))
                .orElseThrow(() -> new NotFoundException("monitoring run " + id + " has no report (status " + status(item) + ")"));
        CaptureSettings where = new CaptureSettings(0, report);
        Buckets b = buckets.get();
        if (!b.exists(where.bucket())) throw new NotFoundException("the reports bucket " + where.bucket() + " is gone");
        byte[] bytes;
        try (ObjectContent content = b.bucket(where.bucket()).get(where.prefix() + file)) {
            bytes = content.readAllBytes(); // a report's files are small: charts of a few tens of KB
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report + file + ": " + e.getMessage(), e);
        }
        ctx.contentType(ContentTypes.guess(file)).header("Cache-Control", "no-cache").result(bytes);
    }

    /** A run as the API shows it: what its work item says, and its summary once done. */
    static Map<String, Object> run(WorkItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode payload = payload(item);
        Optional<CaptureWindow> w = window(item);
        m.put("id", item.id());
        m.put("trigger", payload == null ? MonitorScheduler.SCHEDULE : payload.path("trigger").asText(MonitorScheduler.SCHEDULE));
        m.put("status", status(item));
        m.put("since", w.map(x -> x.since().toString()).orElse(null));
        m.put("until", w.map(x -> x.until().toString()).orElse(null));
        m.put("attempts", item.attempts());
        m.put("updated_at", item.updatedAt() == null ? null : item.updatedAt().toString());
        m.put("error", item.error());
        m.put("result", result(item));
        return m;
    }

    private static String status(WorkItem item) {
        return item.status().name().toLowerCase();
    }

    private static JsonNode result(WorkItem item) {
        if (item.status() != WorkItem.Status.DONE || item.result() == null) return null;
        try {
            return Json.mapper().readTree(item.result());
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode payload(WorkItem item) {
        try {
            return Json.mapper().readTree(item.payload());
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<CaptureWindow> window(WorkItem item) {
        JsonNode p = payload(item);
        if (p == null) return Optional.empty();
        try {
            return Optional.of(new CaptureWindow(Instant.parse(p.path("since").asText()), Instant.parse(p.path("until").asText())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonNode body(Context ctx) {
        byte[] bytes;
        try {
            bytes = ctx.req().getInputStream().readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) throw new InvalidInputException("the body is at most " + MAX_BODY + " bytes");
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) return Json.mapper().createObjectNode();
        JsonNode body;
        try {
            body = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) throw new InvalidInputException("expected {\"since\": \"2026-11-28T10:00:00Z\", \"until\": …} or no body");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("since") && !name.equals("until")) {
                throw new InvalidInputException("unknown field '" + Texts.abbreviate(name, 30) + "': expected since and until");
            }
        }
        return body;
    }

    private static Instant instant(JsonNode body, String field, Instant dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw new InvalidInputException(field + ": expected an ISO-8601 instant such as 2026-11-28T10:00:00Z");
        try {
            return Instant.parse(v.asText().strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field + " '" + Texts.abbreviate(v.asText(), 40) + "': expected an ISO-8601 instant such as 2026-11-28T10:00:00Z");
        }
    }

    private static long number(String text, String name, long min, long max, long dflt) {
        if (text == null || text.isBlank()) return dflt;
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " '" + Texts.abbreviate(text, 20) + "': expected a whole number from " + min + " to " + max);
        }
    }
}

package dev.inkwell.server;

import static dev.inkwell.server.Browser.assertNoSidewaysScroll;
import static dev.inkwell.server.Browser.fullPageScreenshot;
import static dev.inkwell.server.Browser.viewport;
import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.monitor.BaselineBuilder;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.endpoint.EndpointSpec;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring page in real headless Chromium over a real server: endpoint {@code mnist} serves the bundled mnist
 * model with capture on and a baseline the project's own {@link BaselineBuilder} made from MNIST's first 2,000 test
 * images. 300 other MNIST test digits go through the endpoint as pixel rows; a check run from the page's button
 * must find no violation. Then 300 Fashion-MNIST pictures; the next check (it starts where the first ended) must
 * find violations, shown red, with the drifted features in the table, the low-confidence share up and the labelling
 * queue filled. A stored endpoint without baseline or capture must say so. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorPageBrowserTest {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorPageBrowserTest.class);
    private static final String KEY = "monitor-key";
    private static final int BASELINE_IMAGES = 2000;
    private static final int PER_WINDOW = 300;
    private static final int PER_REQUEST = 10;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InkwellServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path dir, @TempDir Path profile) {
        Path baseline = dir.resolve("baseline");
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelResolvers.defaults().resolve("mnist"), 1)) {
            BaselineBuilder.build(new Recognizer(classifier, PreprocessOptions.DEFAULT), Datasets.open(SharedData.mnist()).split("test"),
                    BASELINE_IMAGES, Progress.NONE).write(baseline);
        }
        ServerConfig.Builder c = ServerConfig.builder(List.of(new EndpointSpec("mnist", "mnist")))
                .auth(new ServerConfig.Auth(KEY))
                .http(ServerConfig.Http.defaults().withAddress("127.0.0.1", 0))
                .store(dir.resolve("inkwell.db").toString()).buckets(dir.resolve("buckets").toString());
        c.capture(c.capture().withEndpoints(new CaptureSettings(100, null)).withFlushInterval(Duration.ofMillis(200)));
        // daily windows: the schedule judges yesterday's (empty) window at start and nothing else during the test
        c.monitoring(c.monitoring().withEvery(Duration.ofDays(1), Duration.ofMinutes(1)).withBaselines(Map.of("mnist", baseline.toString())));
        server = InkwellServer.start(c.build(), "test");
        driver = Browser.chrome(profile, "--window-size=1280,1000");
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.close();
    }

    @Test
    void digitsPassTheCheckFashionPicturesFailItAndThePageShowsBoth() throws Exception {
        viewport(driver, 1280, 1000, false);
        long before = server.capture().captured();
        send(images(SharedData.mnist(), BASELINE_IMAGES, PER_WINDOW));
        await("the digits captured", () -> server.capture().captured() >= before + PER_WINDOW);

        driver.get(uri("/monitor.html?endpoint=mnist"));
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overview-title"), "Monitoring mnist"));
        assertThat(driver.findElement(By.cssSelector("nav.site a[aria-current=page]")).getText()).isEqualTo("Monitor");
        assertThat(driver.findElement(By.id("capture")).getText()).isEqualToIgnoringCase("on 100.0 % of requests to s3://captures/");
        assertThat(driver.findElement(By.id("baseline")).getText()).endsWith("baseline");
        assertThat(driver.findElement(By.id("schedule")).getText()).contains("every 24 h");
        assertThat(driver.findElements(By.id("no-baseline"))).isEmpty();

        // the check needs the key: the page asks for it, then judges the digits
        driver.findElement(By.id("check-now")).click();
        wait.until(d -> d.findElement(By.id("key")).isDisplayed());
        driver.findElement(By.id("key-input")).sendKeys(KEY);
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        JsonNode digits = check();
        assertThat(digits.at("/result/readings").asLong()).as("every digit judged").isEqualTo(PER_WINDOW);
        assertThat(digits.at("/result/violations").asInt()).as(digits.toString()).isZero();
        WebElement verdict = driver.findElement(By.id("verdict"));
        assertThat(verdict.getText()).isEqualTo("No violations");
        assertThat(verdict.getAttribute("class")).contains("ok");
        assertThat(verdict.getCssValue("color")).isEqualTo("rgba(27, 94, 32, 1)");
        assertThat(driver.findElements(By.cssSelector("#violations tbody tr"))).isEmpty();
        List<WebElement> features = driver.findElements(By.cssSelector("#drift-table tbody tr"));
        assertThat(features).hasSize(digits.at("/result/drift").size()).hasSizeGreaterThan(10);
        assertThat(features).allSatisfy(tr -> assertThat(tr.findElement(By.cssSelector(".dstate")).getText()).isEqualTo("ok"));
        assertThat(row("top_probability").getText()).contains(String.format(Locale.ROOT, "%.3f", distance(digits, "top_probability")), "0.10");
        awaitChartsLoaded();
        fullPageScreenshot(driver, "monitor-digits.png");

        long digitsCaptured = server.capture().captured();
        send(images(SharedData.fashionMnist(), 0, PER_WINDOW));
        await("the fashion pictures captured", () -> server.capture().captured() >= digitsCaptured + PER_WINDOW);
        JsonNode fashion = check();
        assertThat(fashion.get("since").asText()).as("the second check starts where the first ended").isEqualTo(digits.get("until").asText());
        assertThat(fashion.at("/result/readings").asLong()).isEqualTo(PER_WINDOW);
        int violations = fashion.at("/result/violations").asInt();
        assertThat(violations).isPositive();
        verdict = driver.findElement(By.id("verdict"));
        assertThat(verdict.getText()).isEqualTo(violations + (violations == 1 ? " violation" : " violations"));
        assertThat(verdict.getAttribute("class")).contains("bad");
        assertThat(verdict.getCssValue("color")).isEqualTo("rgba(198, 40, 40, 1)");
        assertThat(driver.findElements(By.cssSelector("#violations tbody tr"))).hasSize(violations);
        assertThat(driver.findElement(By.cssSelector("#violations tbody tr[data-feature=top_probability]")).getText())
                .contains("baseline_drift_check", String.format(Locale.ROOT, "%.3f", distance(fashion, "top_probability")), "0.10");
        assertThat(row("top_probability").getAttribute("data-violated")).isEqualTo("true");
        assertThat(row("top_probability").findElement(By.cssSelector(".dstate")).getText()).isEqualTo("drift");
        assertThat(driver.findElement(By.id("low-share")).getText())
                .startsWith(String.format(Locale.ROOT, "%.1f %%", 100 * fashion.at("/result/low_confidence_share").asDouble()));
        assertThat(fashion.at("/result/low_confidence_share").asDouble()).isGreaterThan(digits.at("/result/low_confidence_share").asDouble());
        // the runs table: both checks (and the schedule's empty window of yesterday), newest first
        List<WebElement> runs = driver.findElements(By.cssSelector("#run-table tbody tr"));
        LOG.info("digits: {}; fashion: {}", figures(digits), figures(fashion));
        assertThat(runs.get(0).getAttribute("data-run")).isEqualTo(fashion.get("id").asText());
        assertThat(runs.get(1).getAttribute("data-run")).isEqualTo(digits.get("id").asText());
        assertThat(runs.get(0).findElement(By.cssSelector(".dstate.bad")).getText()).isEqualTo(Integer.toString(violations));
        // the doubtful readings wait for a label: the page says how many, and links to the labelling page
        long pending = server.platform().store().labelling().counts("mnist").get(LabellingItem.Status.PENDING);
        assertThat(pending).isPositive();
        wait.until(d -> d.findElement(By.id("queue")).getText().startsWith(
                server.platform().store().labelling().counts("mnist").get(LabellingItem.Status.PENDING) + " of this endpoint"));
        assertThat(driver.findElement(By.id("label-link")).getAttribute("href")).endsWith("/label.html");
        awaitChartsLoaded();
        assertNoSidewaysScroll(driver, "monitor page at 1280 px");
        fullPageScreenshot(driver, "monitor-fashion.png");

        // the first check is still there to look at: chosen from the runs table
        runs.get(1).findElement(By.tagName("a")).click();
        wait.until(d -> d.findElement(By.id("verdict")).getText().equals("No violations"));
        assertThat(driver.getCurrentUrl()).contains("run=" + digits.get("id").asText());

        viewport(driver, 390, 844, true);
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
        assertNoSidewaysScroll(driver, "monitor page at 390 px");
    }

    @Test
    void anEndpointWithoutBaselineOrCaptureSaysSo() throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(uri("/v1/endpoints"))).header("X-Api-Key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"plain\", \"variants\": [{\"name\": \"main\", \"model\": \"mnist-compact\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        viewport(driver, 1280, 1000, false);
        driver.get(uri("/monitor.html?endpoint=plain"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-baseline")));
        assertThat(driver.findElement(By.id("no-baseline")).getText()).contains("No baseline", "--monitor-baseline plain=");
        assertThat(driver.findElement(By.id("no-capture")).getText()).contains("No capture", "--capture");
        assertThat(driver.findElement(By.id("capture")).getText()).isEqualToIgnoringCase("off");
        assertThat(driver.findElement(By.id("baseline")).getText()).isEqualTo("none");
        assertThat(driver.findElement(By.id("check")).isDisplayed()).as("nothing to check against").isFalse();
        assertThat(driver.findElement(By.id("latest")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector(".list a[aria-current=page]")).getText()).isEqualTo("plain");
        fullPageScreenshot(driver, "monitor-no-baseline.png");
    }

    /** Clicks the page's check button and waits for the new run to be shown; returns the run as the API shows it. */
    private JsonNode check() throws Exception {
        int runsBefore = json(get("/v1/endpoints/mnist/monitoring")).get("runs").size();
        driver.findElement(By.id("check-now")).click();
        wait.until(d -> d.findElement(By.id("check-status")).getText().startsWith("Done"));
        JsonNode runs = json(get("/v1/endpoints/mnist/monitoring")).get("runs");
        assertThat(runs.size()).isEqualTo(runsBefore + 1);
        JsonNode run = runs.get(0);
        assertThat(run.get("trigger").asText()).isEqualTo("manual");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
        wait.until(d -> d.getCurrentUrl().endsWith("run=" + run.get("id").asText())
                && d.findElement(By.cssSelector("#run-table tr.current")).getAttribute("data-run").equals(run.get("id").asText()));
        return run;
    }

    private void awaitChartsLoaded() {
        wait.until(d -> d.findElements(By.cssSelector("#charts img")).size() == 5);
        wait.until(d -> (Boolean) ((ChromeDriver) d).executeScript(
                "return [...document.querySelectorAll('#charts img')].every(i => i.complete && i.naturalWidth > 0)"));
    }

    private WebElement row(String feature) {
        return driver.findElement(By.cssSelector("#drift-table tbody tr[data-feature=" + feature + "]"));
    }

    /** What the docs quote of a run: readings, violations, the largest distance, the low-confidence share. */
    private static String figures(JsonNode run) {
        JsonNode largest = null;
        for (JsonNode d : run.at("/result/drift")) {
            if (largest == null || d.get("distance").asDouble() > largest.get("distance").asDouble()) largest = d;
        }
        return String.format(Locale.ROOT, "%d readings, %d violation(s), largest distance %.3f (%s), top_probability %.3f, low-confidence %.1f %% (baseline %.1f %%)",
                run.at("/result/readings").asLong(), run.at("/result/violations").asInt(), largest == null ? Double.NaN : largest.get("distance").asDouble(),
                largest == null ? "-" : largest.get("feature").asText(), distance(run, "top_probability"),
                100 * run.at("/result/low_confidence_share").asDouble(), 100 * run.at("/result/baseline_low_confidence_share").asDouble());
    }

    private static double distance(JsonNode run, String feature) {
        for (JsonNode d : run.at("/result/drift")) {
            if (d.get("feature").asText().equals(feature)) return d.get("distance").asDouble();
        }
        throw new AssertionError("no feature " + feature + " in " + run);
    }

    /** {@code count} test images of a dataset from {@code skip} on, as JSON pixel rows. */
    private static List<String> images(Path dataset, int skip, int count) {
        List<String> out = new ArrayList<>();
        try (SampleReader r = Datasets.open(dataset).split("test").open()) {
            int seen = 0;
            for (Sample s = r.next(); s != null && out.size() < count; s = r.next(), seen++) {
                if (seen < skip) continue;
                StringJoiner j = new StringJoiner(",", "{\"pixels\": [", "]}");
                for (byte b : s.pixels()) j.add(Integer.toString(b & 0xff));
                out.add(j.toString());
            }
        }
        return out;
    }

    /** Sends the rows to endpoint mnist, {@value #PER_REQUEST} inputs a request. */
    private void send(List<String> rows) throws Exception {
        for (int i = 0; i < rows.size(); i += PER_REQUEST) {
            String body = "[" + String.join(",", rows.subList(i, Math.min(rows.size(), i + PER_REQUEST))) + "]";
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(uri("/v1/endpoints/mnist/predict")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String uri(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }
}

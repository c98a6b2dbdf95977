package dev.inkwell.server;

import static dev.inkwell.server.Browser.assertNoSidewaysScroll;
import static dev.inkwell.server.Browser.drawSeven;
import static dev.inkwell.server.Browser.fullPageScreenshot;
import static dev.inkwell.server.Browser.screenshot;
import static dev.inkwell.server.Browser.viewport;
import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ApprovalStatus;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The models and endpoints pages in real headless Chromium, over a server whose registry holds two versions of
 * {@code digits} (bundled mnist-compact, then mnist) with the alias {@code champion} moved from the first to the second,
 * and a stored 50/50 endpoint {@code ab} (a = digits:1, b = digits@champion) with a shadow that reads every request.
 * The models page must show the versions, the alias and its move, a version's card and its report images (loaded);
 * the endpoints page the split with each variant's version, the revisions, and live figures that move when requests
 * arrive and stop being fetched while the page is hidden; the drawing page must list the stored endpoint and answer
 * a drawing with it. A second stored endpoint whose model is nowhere must say why its deploy failed. Desktop (1280×800) and phone (390×844) screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryPagesBrowserTest {
    private static final String KEY = "pages-key";
    /** Counts the page's calls to the stats route and to describe an endpoint, installed before the page's own scripts. */
    private static final String PROBES = """
            window.__statsFetches = 0;
            window.__describes = 0;
            const realFetch = window.fetch;
            window.fetch = function (url) {
              if (String(url).endsWith('/stats')) window.__statsFetches++;
              const path = new URL(String(url), location.href).pathname;
              if (path.startsWith('/v1/endpoints/') && path.split('/').length === 4) window.__describes++;
              return realFetch.apply(this, arguments);
            };
            """;

    private TestServer http;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path profile) {
        http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)));
        var registry = http.server.platform().registry();
        registry.register(Registration.of("digits", ModelRef.parse("mnist-compact"), VersionSource.IMPORT).withAlias("champion"));
        registry.register(Registration.of("digits", ModelRef.parse("mnist"), VersionSource.IMPORT));
        assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": 2}").statusCode()).isEqualTo(200);
        HttpResponse<String> created = manage("POST", "/v1/endpoints", """
                {"name": "ab", "variants": [{"name": "a", "model": "digits:1", "weight": 50},
                                            {"name": "b", "model": "digits@champion", "weight": 50}],
                 "shadow": {"name": "s", "model": "digits:1", "percent": 100}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        // an endpoint whose model is nowhere: stored, but its deploy fails
        HttpResponse<String> broken = manage("POST", "/v1/endpoints", """
                {"name": "broken", "variants": [{"name": "main", "model": "no-such-model"}]}""");
        assertThat(json(broken).get("status").asText()).as(broken.body()).isEqualTo("failed");
        predict(10, null);
        predict(3, "b");
        driver = Browser.chrome(profile);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBES));
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // the live table is drawn again every 2 s: an element found just before that is stale, look again
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void desktop() {
        viewport(driver, 1280, 800, false);
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (http != null) http.close();
    }

    @Test
    void theModelsPageShowsVersionsAliasesTheirHistoryTheCardAndTheReports() throws IOException {
        viewport(driver, 1280, 800, false);
        driver.get(http.uri("/models.html").toString());
        wait.until(d -> d.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
        assertThat(driver.findElement(By.cssSelector("nav.site a[aria-current=page]")).getText()).isEqualTo("Models");
        assertThat(driver.findElement(By.id("models")).getText()).contains("digits").contains("champion → 2");
        WebElement v2 = row("#versions", "version", "2");
        assertThat(v2.getText()).contains("version 2", "champion", "PENDING", "import", "standard", "222,810", "99.70 %");
        assertThat(row("#versions", "version", "1").getText()).contains("version 1", "compact", "9,698", "99.44 %").doesNotContain("champion");
        assertThat(texts("#history li")).as("newest first").first().asString().contains("alias champion moved from version 1 to version 2");
        assertThat(texts("#history li")).anySatisfy(t -> assertThat(t).contains("alias champion set to version 1"))
                .anySatisfy(t -> assertThat(t).contains("version 2 registered (import from bundled:mnist)"));
        // the latest version's card and reports, shown without asking
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-title"), "digits version 2"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("card")));
        assertThat(driver.findElement(By.id("card")).getText()).contains("Architecture", "standard", "Parameters", "222,810",
                "28×28×1", "Calibration", "temperature");
        assertThat(driver.findElement(By.id("metrics")).getText()).contains("test accuracy", "99.70 %");
        assertImageLoaded("training-curves.png");
        assertImageLoaded("test-confusion.png");
        assertImageLoaded("test-mistakes.png");
        assertThat(driver.findElement(By.id("card-json")).isDisplayed()).as("the full card starts folded").isFalse();
        driver.findElement(By.cssSelector("details.json summary")).sendKeys(Keys.ENTER);
        wait.until(d -> d.findElement(By.id("card-json")).isDisplayed());
        assertThat(driver.findElement(By.id("card-json")).getText()).contains("\"schemaVersion\": 2");
        assertNoSidewaysScroll(driver, "models page at 1280 px");
        fullPageScreenshot(driver, "models-1280.png");

        // to version 1 with the keyboard
        row("#versions", "version", "1").findElement(By.tagName("a")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-title"), "digits version 1"));
        assertThat(driver.getCurrentUrl()).contains("version=1");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("card"), "compact"));
        assertImageLoaded("training-curves.png");

        viewport(driver, 390, 844, true);
        driver.navigate().refresh();
        wait.until(d -> d.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
        assertImageLoaded("training-curves.png");
        assertNoSidewaysScroll(driver, "models page at 390 px");
        screenshot(driver, "models-390.png");
        fullPageScreenshot(driver, "models-390-full.png");
    }

    @Test
    void aModelThatIsNotThereIsAnErrorInThePageShownAsText() {
        driver.get(http.uri("/models.html?model=nope").toString());
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#model [role=alert]")));
        assertThat(error.getText()).contains("Could not load model nope").contains("nope");
        // the list still shows what there is
        assertThat(driver.findElement(By.id("models")).getText()).contains("digits");

        driver.get(http.uri("/models.html?model=%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E").toString());
        WebElement odd = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#model [role=alert]")));
        assertThat(odd.getText()).contains("<img src=x");
        assertThat(driver.findElements(By.cssSelector("#model img"))).isEmpty();
        assertThat(driver.executeScript("return window.__xss === undefined")).isEqualTo(true);

        driver.get(http.uri("/endpoints.html?endpoint=nope").toString());
        WebElement missing = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#endpoint [role=alert]")));
        assertThat(missing.getText()).contains("no endpoint named 'nope'");
    }

    /**
     * Names are checked by the registry (letters, digits, '.', '_', '-'), so markup reaches the pages through the
     * address, a description, tags, a model's path and a failed deploy's reason: every one must show as text.
     */
    @Test
    void markupInRegistryTextIsShownAsTextNeverRun() throws IOException {
        try (TestServer hostile = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY)))) {
            Path folder = hostile.home.resolve("<img src=x onerror=\"window.__xss='path'\">");
            Files.createDirectories(folder);
            Files.copy(SharedData.mnist8Onnx(), folder.resolve("model.onnx"));
            var registry = hostile.server.platform().registry();
            registry.register(new Registration("evil", new ModelRef.LocalPath(folder), VersionSource.UPLOAD, "champion",
                    Map.of("note", "<script>window.__xss='tag'</script>"), "<b onmouseover=\"window.__xss='description'\">bold</b> & co",
                    ApprovalStatus.PENDING));
            registry.tag("evil", 1, "comment", "<img src=y onerror=\"window.__xss='history'\">");
            HttpResponse<String> created = manage(hostile, "POST", "/v1/endpoints", """
                    {"name": "evil-ep", "variants": [{"name": "main", "model": "./<svg onload=window.__xss='reason'>/m.onnx"}]}""");
            assertThat(json(created).get("status").asText()).as(created.body()).isEqualTo("failed");

            driver.get(hostile.uri("/models.html?model=evil").toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-title"), "evil version 1"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("card")));
            assertThat(driver.findElement(By.id("model-summary")).getText()).contains("<b onmouseover=\"window.__xss='description'\">bold</b> & co");
            assertThat(driver.findElement(By.id("card")).getText()).contains("note=<script>window.__xss='tag'</script>",
                    "comment=<img src=y onerror=\"window.__xss='history'\">");
            assertThat(texts("#history li")).anySatisfy(t -> assertThat(t).contains("tagged comment=<img src=y onerror="))
                    .anySatisfy(t -> assertThat(t).contains("<img src=x onerror=\"window.__xss='path'\">"));
            assertNoMarkupRan("models page");

            driver.get(hostile.uri("/endpoints.html?endpoint=evil-ep").toString());
            WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
            assertThat(failure.getText()).contains("<svg onload=window.__xss='reason'>");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("revisions-body"), "<svg onload=window.__xss='reason'>"));
            assertNoMarkupRan("endpoints page");

            driver.get(hostile.uri("/endpoints.html?endpoint=%3Cscript%3Ewindow.__xss%3D'address'%3C%2Fscript%3E").toString());
            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#endpoint [role=alert]")));
            assertThat(error.getText()).contains("<script>window.__xss='address'</script>");
            assertThat(driver.findElement(By.id("endpoint-title")).getText()).isEqualTo("<script>window.__xss='address'</script>");
            assertNoMarkupRan("endpoints page, markup in the address");

            driver.get(hostile.uri("/?endpoint=evil-ep").toString());
            wait.until(d -> d.findElement(By.id("endpoint-model")).getText().contains("<svg onload=window.__xss='reason'>"));
            assertThat(new Select(driver.findElement(By.id("endpoint"))).getFirstSelectedOption().getText()).isEqualTo("evil-ep (not serving)");
            assertNoMarkupRan("drawing page");
        }
    }

    /** Nothing the server's text carried became an element or ran. */
    private void assertNoMarkupRan(String where) {
        assertThat(driver.findElements(By.cssSelector("main script, header script, img[src=x], img[src=y], b[onmouseover], svg[onload]")))
                .as("%s: markup from the server became elements", where).isEmpty();
        assertThat(driver.executeScript("return window.__xss === undefined")).as("%s: window.__xss = %s", where,
                driver.executeScript("return String(window.__xss)")).isEqualTo(true);
    }

    @Test
    void anEndpointWhoseDeployFailedSaysWhyAndHasNothingToMeasure() throws IOException {
        driver.get(http.uri("/endpoints.html?endpoint=broken").toString());
        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")));
        assertThat(failure.getText()).contains("Last deploy failed", "revision 1", "no-such-model");
        assertThat(driver.findElement(By.id("endpoint-title")).getText()).isEqualTo("broken FAILED");
        assertThat(driver.findElement(By.id("endpoint-body")).getText()).contains("Stored endpoint, revision 1 · not deployed", "Nothing deployed");
        assertThat(driver.findElements(By.linkText("Draw on it →"))).isEmpty();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-body"), "Nothing deployed, so nothing to measure"));
        assertThat(driver.findElement(By.id("endpoints")).getText()).contains("broken FAILED");
        screenshot(driver, "endpoints-failed-1280.png");
    }

    @Test
    void aServerWithoutARegistrySaysHowToStartOne() throws IOException {
        try (TestServer bare = TestServer.start()) {
            driver.get(bare.uri("/models.html").toString());
            WebElement empty = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#model .empty")));
            assertThat(driver.findElement(By.id("model-title")).getText()).isEqualTo("No registered models yet");
            assertThat(empty.getText()).contains("inkwell models register digits --from mnist", "inkwell train --register digits");
            assertThat(driver.findElement(By.id("models")).getText()).isEqualTo("None yet.");
            assertThat(driver.findElement(By.id("version")).isDisplayed()).isFalse();
            screenshot(driver, "models-empty-1280.png");

            // the command-line endpoint: shown, with no stored revisions to list
            driver.get(bare.uri("/endpoints.html").toString());
            wait.until(d -> d.findElements(By.cssSelector("#split li")).size() == 1);
            assertThat(driver.findElement(By.id("endpoint-body")).getText()).contains("From the command line", "mnist-8");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("revisions-body"), "Defined on the command line"));
            wait.until(d -> !live("main", "requests").isEmpty());
            assertThat(live("main", "p50")).isEqualTo("—");
        }
    }

    @Test
    void theEndpointsPageShowsTheSplitTheRevisionsAndLiveFiguresThatFollowTheTraffic() throws IOException {
        viewport(driver, 1280, 800, false);
        driver.get(http.uri("/endpoints.html").toString());
        // the first stored endpoint is shown without asking
        wait.until(d -> d.findElements(By.cssSelector("#split li")).size() == 3);
        assertThat(driver.findElement(By.id("endpoint-title")).getText()).isEqualTo("ab SERVING");
        assertThat(driver.findElements(By.id("failure"))).isEmpty();
        assertThat(row("#split", "variant", "a").getText()).contains("digits 1", "50 %");
        assertThat(row("#split", "variant", "b").getText()).contains("digits 2", "via digits@champion", "50 %");
        assertThat(row("#split", "variant", "s").getText()).contains("shadow", "digits 1", "100 %");
        assertThat(row("#split", "variant", "a").findElement(By.cssSelector(".fill")).getAttribute("style")).contains("width: 50");
        assertThat(driver.findElement(By.id("capture")).getText()).isEqualTo("off");
        assertThat(driver.findElement(By.cssSelector("#split a")).getAttribute("href")).contains("/models.html?model=digits&version=1");
        wait.until(d -> !texts("#revision-list li").isEmpty());
        assertThat(texts("#revision-list li")).singleElement().asString().contains("revision 1", "create", "a=digits:1 (weight 50)",
                "b=digits@champion (weight 50)", "shadow s=digits:1 reads 100");

        // live figures: what was sent before, then more while the page watches
        wait.until(d -> liveNumber("a", "requests") + liveNumber("b", "requests") >= 13);
        long a = liveNumber("a", "requests");
        long b = liveNumber("b", "requests");
        predict(4, "a");
        predict(6, "b");
        wait.until(d -> liveNumber("a", "requests") == a + 4 && liveNumber("b", "requests") == b + 6);
        for (String variant : List.of("a", "b")) {
            assertThat(liveNumber(variant, "rps")).as("requests/s of %s", variant).isPositive();
            assertThat(live(variant, "p50")).endsWith(" ms");
            assertThat(live(variant, "p99")).endsWith(" ms");
            assertThat(live(variant, "confidence")).endsWith("%");
        }
        wait.until(d -> live("s", "agreement").contains("%"));
        assertThat(live("s", "agreement")).contains("of");
        assertThat(counter("__describes")).as("figures that agree with the page do not make it describe the endpoint again").isEqualTo(1);
        assertThat(driver.findElement(By.id("live-note")).getText()).contains("This replica's own figures");
        assertNoSidewaysScroll(driver, "endpoints page at 1280 px");
        screenshot(driver, "endpoints-1280.png");

        // hidden, the page stops asking; visible again, it asks at once
        long before = counter("__statsFetches");
        setHidden(true);
        long hiddenAt = counter("__statsFetches");
        assertThat(hiddenAt).isLessThanOrEqualTo(before + 1);
        sleepThroughPolls(5_000);
        assertThat(counter("__statsFetches")).as("no polling while hidden").isLessThanOrEqualTo(hiddenAt + 1);
        long hidden = counter("__statsFetches");
        setHidden(false);
        wait.until(d -> counter("__statsFetches") > hidden);

        viewport(driver, 390, 844, true);
        driver.navigate().refresh();
        wait.until(d -> liveNumber("b", "requests") >= b + 6);
        assertNoSidewaysScroll(driver, "endpoints page at 390 px");
        screenshot(driver, "endpoints-390.png");
        fullPageScreenshot(driver, "endpoints-390-full.png");

        // the alias b follows moves: the figures name the other version and the page describes the endpoint again
        viewport(driver, 1280, 800, false);
        long describes = counter("__describes");
        assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": 1}").statusCode()).isEqualTo(200);
        wait.until(d -> row("#split", "variant", "b").getText().contains("digits 1"));
        assertThat(row("#split", "variant", "b").getText()).contains("via digits@champion");
        assertThat(counter("__describes")).isGreaterThan(describes);
        wait.until(d -> live("b", "model").equals("digits 1"));
        // and back, as the other tests expect it
        assertThat(manage("PUT", "/v1/models/digits/aliases/champion", "{\"version\": 2}").statusCode()).isEqualTo(200);
        wait.until(d -> row("#split", "variant", "b").getText().contains("digits 2") && live("b", "model").equals("digits 2"));
    }

    @Test
    void theDrawingPageListsTheStoredEndpointAndADrawingSentToItGetsAnAnswer() throws IOException {
        viewport(driver, 1280, 800, false);
        driver.get(http.uri("/").toString());
        wait.until(d -> d.findElements(By.cssSelector("#endpoint option")).size() == 3);
        Select picker = new Select(driver.findElement(By.id("endpoint")));
        assertThat(picker.getOptions()).extracting(WebElement::getText)
                .containsExactly("default", "ab — digits 1 / digits 2", "broken (not serving)");
        assertThat(driver.findElement(By.id("endpoint-model")).getText()).isEqualTo("model mnist-8 onnx-model-zoo-8");
        picker.selectByValue("broken");
        assertThat(driver.findElement(By.id("endpoint-model")).getText()).startsWith("not serving: ").contains("no-such-model");
        picker.selectByValue("ab");
        assertThat(driver.findElement(By.id("endpoint-model")).getText()).contains("a: digits 1 (50 %)", "b: digits 2 (50 %)",
                "shadow s: digits 1");
        assertThat(driver.getCurrentUrl()).endsWith("?endpoint=ab");
        drawSeven(driver, driver.findElement(By.id("pad")), PointerInput.Kind.MOUSE);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "7"));
        // a stroke may still be in flight when the label shows: wait for the last answer's status line
        wait.until(d -> d.findElement(By.id("status")).getText().matches("(?s).*Model digits [12] \\(variant [ab]\\).*"));
        assertNoSidewaysScroll(driver, "drawing page at 1280 px");
        screenshot(driver, "draw-ab-1280.png");

        // the endpoints page links back here with the endpoint chosen, and the nav works from the keyboard
        driver.get(http.uri("/?endpoint=ab").toString());
        wait.until(d -> "ab".equals(new Select(d.findElement(By.id("endpoint"))).getFirstSelectedOption().getAttribute("value")));
        driver.findElement(By.cssSelector("nav.site a[href='/endpoints.html']")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/endpoints.html"));
        wait.until(d -> d.findElements(By.cssSelector("#split li")).size() == 3);
        driver.findElement(By.linkText("Draw on it →")).sendKeys(Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().endsWith("/?endpoint=ab")
                && "ab".equals(new Select(d.findElement(By.id("endpoint"))).getFirstSelectedOption().getAttribute("value")));

        viewport(driver, 390, 844, true);
        driver.navigate().refresh();
        wait.until(d -> !d.findElement(By.id("endpoint-model")).getText().isEmpty());
        assertNoSidewaysScroll(driver, "drawing page at 390 px with a long endpoint label");
        screenshot(driver, "draw-ab-390.png");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private HttpResponse<String> manage(String method, String path, String body) {
        return manage(http, method, path, body);
    }

    private static HttpResponse<String> manage(TestServer server, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-Api-Key", KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code n} predictions on endpoint ab, pinned to {@code variant} unless null; each must be answered by it. */
    private void predict(int n, String variant) {
        for (int i = 0; i < n; i++) {
            HttpRequest.Builder r = HttpRequest.newBuilder(http.uri("/v1/endpoints/ab/predict")).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(sample(i % 10)));
            if (variant != null) r.header("X-Inkwell-Variant", variant);
            HttpResponse<String> answer = http.send(r);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            String answered = json(answer).get("variant").asText();
            if (variant != null) assertThat(answered).isEqualTo(variant);
            assertThat(json(answer).at("/model/version").asText()).isEqualTo(answered.equals("a") ? "1" : "2");
        }
    }

    private WebElement row(String container, String key, String value) {
        return driver.findElement(By.cssSelector(container + " [data-" + key + "='" + value + "']"));
    }

    private List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private String live(String variant, String field) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<WebElement> cells = driver.findElements(By.cssSelector("#live-table tr[data-variant='" + variant + "'] td[data-field='" + field + "']"));
                return cells.isEmpty() ? "" : cells.getFirst().getText();
            } catch (StaleElementReferenceException redrawn) {
                // the table was drawn again between the find and the read
                if (attempt == 5) throw redrawn;
            }
        }
    }

    /** A live figure as a number (0 while not shown yet). */
    private long liveNumber(String variant, String field) {
        String text = live(variant, field).replaceAll("[^0-9.]", "");
        return text.isEmpty() ? 0 : (long) Math.ceil(Double.parseDouble(text));
    }

    private void assertImageLoaded(String report) {
        wait.until(d -> {
            List<WebElement> imgs = d.findElements(By.cssSelector("img[data-report='" + report + "']"));
            return !imgs.isEmpty() && ((Number) driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth",
                    imgs.getFirst())).intValue() > 0;
        });
    }

    /** One of the page's fetch counters ({@link #PROBES}). */
    private long counter(String name) {
        return ((Number) driver.executeScript("return window[arguments[0]]", name)).longValue();
    }

    /** What the browser does when the tab goes to the background (or comes back): document.hidden and the event. */
    private void setHidden(boolean hidden) {
        driver.executeScript("""
                Object.defineProperty(document, 'hidden', {value: arguments[0], configurable: true});
                Object.defineProperty(document, 'visibilityState', {value: arguments[0] ? 'hidden' : 'visible', configurable: true});
                document.dispatchEvent(new Event('visibilitychange'));""", hidden);
    }

    /**
     * Lets wall-clock time pass while the page would poll (every 2 s): the one place a test must wait a fixed time,
     * because what it checks is that nothing happens meanwhile.
     */
    private static void sleepThroughPolls(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

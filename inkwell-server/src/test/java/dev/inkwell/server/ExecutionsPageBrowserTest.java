package dev.inkwell.server;

import static dev.inkwell.server.Browser.assertNoSidewaysScroll;
import static dev.inkwell.server.Browser.fullPageScreenshot;
import static dev.inkwell.server.Browser.viewport;
import static dev.inkwell.server.TestServer.json;
import static dev.inkwell.server.TestServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The executions page in real headless Chromium over a server that ran seed 003's exported state machine twice (a 7:
 * succeeded; noise: failed in "Filter results" with THRESHOLD_CONFIDENCE_NOT_MET) and a workflow whose state name and
 * input hold markup (a Pass, a Task failing into its Catch, a Map). The page asks for the API key, lists and filters
 * the executions, draws each one's states coloured by outcome, and shows a chosen state's input and output; markup
 * from the store is shown as text and never runs. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionsPageBrowserTest {
    private static final String KEY = WorkflowRoutesTest.KEY;
    private static final String MARKUP_STATE = "<b>Check</b> & <img src=x onerror=window.__xss=1>";
    private static final String SUCCEEDED_FILL = "rgb(223, 243, 228)";
    private static final String FAILED_FILL = "rgb(253, 236, 234)";
    private static final String CAUGHT_FILL = "rgb(255, 241, 214)";

    private TestServer http;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String seven;
    private String noise;
    private String markup;

    @BeforeAll
    void start(@TempDir Path dir, @TempDir Path profile) throws Exception {
        http = WorkflowRoutesTest.start(dir);
        var digits = http.server.buckets().createIfMissing("digits");
        digits.put("test/7.png", sample(7), "image/png");
        digits.put("test/noise.png", WorkflowTriggerTest.scribble(), "image/png");
        WorkflowRoutesTest.ok(WorkflowRoutesTest.send(http, "POST", "/v1/workflows", WorkflowRoutesTest.seed003()));
        seven = run("seed003", "seven", "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/7.png\", \"image_data\": \"\"}", "SUCCEEDED");
        noise = run("seed003", "noise", "{\"s3_bucket\": \"digits\", \"s3_key\": \"test/noise.png\", \"image_data\": \"\"}", "FAILED");
        ObjectNode states = Json.mapper().createObjectNode();
        states.set(MARKUP_STATE, Json.mapper().readTree("{\"Type\": \"Pass\", \"Next\": \"Threshold\"}"));
        states.set("Threshold", Json.mapper().readTree("""
                {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:threshold",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Each item"}], "Next": "Never"}"""));
        states.set("Never", Json.mapper().readTree("{\"Type\": \"Pass\", \"End\": true}"));
        states.set("Each item", Json.mapper().readTree("""
                {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "End": true}}},
                 "End": true}"""));
        ObjectNode definition = Json.mapper().createObjectNode().put("StartAt", MARKUP_STATE);
        definition.set("States", states);
        ObjectNode body = Json.mapper().createObjectNode().put("name", "markup");
        body.set("definition", definition);
        WorkflowRoutesTest.ok(WorkflowRoutesTest.send(http, "POST", "/v1/workflows", body.toString()));
        markup = run("markup", "tags", "{\"note\": \"<script>window.__xss=2</script>\", \"items\": [1, 2]}", "SUCCEEDED");
        driver = Browser.chrome(profile);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // pages that redraw on a timer make found elements stale: look again
        wait.ignoring(StaleElementReferenceException.class);
    }

    private String run(String workflow, String name, String input, String expected) {
        HttpResponse<String> r = WorkflowRoutesTest.send(http, "POST", "/v1/workflows/" + workflow + "/executions?wait=60",
                "{\"name\": \"" + name + "\", \"input\": " + input + "}");
        JsonNode e = json(r);
        assertThat(e.path("status").asText()).as(r.body()).isEqualTo(expected);
        return e.get("executionArn").asText();
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

    private void open(String path) {
        driver.get(http.uri(path).toString());
        if (driver.findElements(By.cssSelector("#key:not([hidden])")).isEmpty()) {
            wait.until(d -> !d.findElement(By.id("key")).isDisplayed()
                    && (d.findElement(By.id("list")).isDisplayed() || d.findElement(By.id("execution")).isDisplayed()));
        }
    }

    private void giveKey() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
        assertThat(driver.findElement(By.id("key-why")).getText()).contains("API key");
        driver.findElement(By.id("key-input")).sendKeys(KEY, Keys.ENTER);
    }

    private WebElement state(String name) {
        return wait.until(d -> d.findElements(By.cssSelector("svg.graph g.state")).stream()
                .filter(g -> name.equals(g.getAttribute("data-state"))).findFirst().orElse(null));
    }

    private String fill(WebElement stateGroup) {
        return stateGroup.findElement(By.tagName("rect")).getCssValue("fill");
    }

    private static String arnParam(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    @Test
    void theListAsksForTheKeyThenListsAndFiltersTheExecutions() throws Exception {
        driver.get(http.uri("/executions.html").toString());
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        giveKey();
        wait.until(d -> d.findElements(By.cssSelector("#executions-table tbody tr")).size() >= 3);
        assertThat(driver.findElement(By.cssSelector("nav.site a[aria-current=page]")).getText()).isEqualTo("Executions");
        String table = driver.findElement(By.id("executions-table")).getText();
        assertThat(table).contains("seed003", "seven", "noise", "markup", "tags").containsIgnoringCase("succeeded").containsIgnoringCase("failed");
        WebElement noiseRow = driver.findElement(By.cssSelector("#executions-table tr[data-arn='" + noise + "']"));
        assertThat(noiseRow.getText()).containsIgnoringCase("failed").containsPattern("\\d+(\\.\\d)? (ms|s)");

        new Select(driver.findElement(By.id("status-filter"))).selectByValue("FAILED");
        wait.until(d -> d.findElements(By.cssSelector("#executions-table tbody tr")).size() == 1);
        assertThat(driver.getCurrentUrl()).contains("status=FAILED");
        assertThat(driver.findElement(By.id("executions-table")).getText()).contains("noise").doesNotContain("seven");
        new Select(driver.findElement(By.id("status-filter"))).selectByValue("");
        new Select(driver.findElement(By.id("workflow-filter"))).selectByValue("markup");
        wait.until(d -> d.findElements(By.cssSelector("#executions-table tbody tr")).size() == 1
                && d.findElement(By.id("executions-table")).getText().contains("tags"));
        assertNoSidewaysScroll(driver, "executions list at 1280 px");
        fullPageScreenshot(driver, "executions-list-1280.png");

        // to an execution with the keyboard, and back
        driver.findElement(By.cssSelector("#executions-table a")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-title"), "tags"));
        driver.navigate().back();
        wait.until(d -> d.findElements(By.cssSelector("#executions-table tbody tr")).size() == 1);

        viewport(driver, 390, 844, true);
        open("/executions.html");
        wait.until(d -> d.findElements(By.cssSelector("#executions-table tbody tr")).size() >= 3);
        assertNoSidewaysScroll(driver, "executions list at 390 px");
        fullPageScreenshot(driver, "executions-list-390.png");
    }

    @Test
    void aSucceededRunIsGreenAndAStatesInputAndOutputAreShown() throws Exception {
        driver.get(http.uri("/executions.html").toString());
        driver.executeScript("sessionStorage.setItem('inkwell.apiKey', arguments[0])", KEY);
        open("/executions.html?execution=" + arnParam(seven));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-title"), "seven"));
        assertThat(driver.findElement(By.id("execution-title")).getText()).containsIgnoringCase("succeeded");
        for (String name : List.of("Image processing", "Image classification", "Filter results")) {
            WebElement s = state(name);
            assertThat(s.getAttribute("data-outcome")).as(name).isEqualTo("succeeded");
            assertThat(fill(s)).as(name).isEqualTo(SUCCEEDED_FILL);
        }
        assertThat(driver.findElements(By.cssSelector("svg.graph path.edge.taken"))).as("start, two transitions, end").hasSize(4);
        assertThat(driver.findElement(By.id("execution-output")).getText()).contains("inferences", "statusCode");

        state("Image classification").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-name"), "Image classification"));
        assertThat(driver.getCurrentUrl()).contains("state=Image+classification");
        assertThat(driver.findElement(By.id("state-status")).getText()).isEqualToIgnoringCase("succeeded");
        String input = driver.findElement(By.id("state-input")).getText();
        assertThat(input).contains("\"image_data\"", "\"s3_key\": \"test/7.png\"", "\"inferences\": []");
        assertThat(driver.findElement(By.id("state-output")).getText()).as("the endpoint's probabilities")
                .containsPattern("\"inferences\": \\[\\s*\\d");

        // the keyboard chooses a state too
        state("Image processing").sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-name"), "Image processing"));
        assertThat(driver.findElement(By.id("state-input")).getText()).contains("\"s3_bucket\": \"digits\"", "\"image_data\": \"\"");
        assertNoSidewaysScroll(driver, "execution at 1280 px");
        fullPageScreenshot(driver, "execution-succeeded-1280.png");

        viewport(driver, 390, 844, true);
        driver.navigate().refresh();
        wait.until(d -> state("Filter results").isDisplayed());
        assertNoSidewaysScroll(driver, "execution at 390 px");
        fullPageScreenshot(driver, "execution-succeeded-390.png");
    }

    @Test
    void aFailedRunIsRedWhereItFailedWithTheError() throws Exception {
        driver.get(http.uri("/executions.html").toString());
        driver.executeScript("sessionStorage.setItem('inkwell.apiKey', arguments[0])", KEY);
        open("/executions.html?execution=" + arnParam(noise) + "&state=Filter+results");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-title"), "noise"));
        assertThat(driver.findElement(By.id("execution-title")).getText()).containsIgnoringCase("failed");
        assertThat(driver.findElement(By.id("execution-error")).getText()).isEqualTo("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(state("Image processing").getAttribute("data-outcome")).isEqualTo("succeeded");
        assertThat(state("Image classification").getAttribute("data-outcome")).isEqualTo("succeeded");
        WebElement failed = state("Filter results");
        assertThat(failed.getAttribute("data-outcome")).isEqualTo("failed");
        assertThat(fill(failed)).isEqualTo(FAILED_FILL);
        assertThat(failed.getAttribute("aria-pressed")).as("chosen from the address").isEqualTo("true");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-name"), "Filter results"));
        assertThat(driver.findElement(By.id("state-status")).getText()).isEqualToIgnoringCase("failed");
        assertThat(driver.findElement(By.id("state-failure")).getText()).contains("THRESHOLD_CONFIDENCE_NOT_MET");
        assertThat(driver.findElement(By.id("state-input")).getText()).contains("\"inferences\"");
        assertThat(driver.findElement(By.id("state-output")).getText()).contains("did not finish");
        fullPageScreenshot(driver, "execution-failed-1280.png");
    }

    /** A running execution is drawn running and read again until it ends: stopped here, it turns to stopped. */
    @Test
    void aRunningExecutionIsFollowedUntilItStops() {
        WorkflowRoutesTest.ok(WorkflowRoutesTest.send(http, "PUT", "/v1/workflows/pause", "{\"definition\": " + WorkflowRoutesTest.PAUSE + "}"));
        String arn = json(WorkflowRoutesTest.send(http, "POST", "/v1/workflows/pause/executions", "{\"name\": \"waiting\"}")).get("executionArn").asText();
        driver.get(http.uri("/executions.html").toString());
        driver.executeScript("sessionStorage.setItem('inkwell.apiKey', arguments[0])", KEY);
        open("/executions.html?execution=" + arnParam(arn) + "&state=Pause");
        wait.until(d -> "running".equals(outcome("Pause")));
        assertThat(driver.findElement(By.id("execution-title")).getText()).containsIgnoringCase("running");
        assertThat(driver.findElement(By.id("state-output")).getText()).contains("not yet");
        WorkflowRoutesTest.ok(WorkflowRoutesTest.send(http, "POST", "/v1/executions/" + arn + "/stop", null));
        wait.until(d -> "aborted".equals(outcome("Pause")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-title"), "STOPPED"));
    }

    private String outcome(String stateName) {
        return (String) driver.executeScript("const g = [...document.querySelectorAll('svg.graph g.state')]"
                + ".find(n => n.dataset.state === arguments[0]); return g ? g.dataset.outcome : null;", stateName);
    }

    @Test
    void markupFromTheStoreIsShownAsTextAndCaughtAndUnreachedStatesHaveTheirColours() throws Exception {
        driver.get(http.uri("/executions.html").toString());
        driver.executeScript("sessionStorage.setItem('inkwell.apiKey', arguments[0])", KEY);
        open("/executions.html?execution=" + arnParam(markup));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("execution-title"), "tags"));
        WebElement tagged = state(MARKUP_STATE);
        assertThat(tagged.getAttribute("data-outcome")).isEqualTo("succeeded");
        assertThat(tagged.findElement(By.cssSelector("text.name")).getText()).startsWith("<b>Check</b> & <img");
        WebElement caught = state("Threshold");
        assertThat(caught.getAttribute("data-outcome")).isEqualTo("caught");
        assertThat(fill(caught)).isEqualTo(CAUGHT_FILL);
        assertThat(state("Never").getAttribute("data-outcome")).isEqualTo("notreached");
        WebElement map = state("Each item");
        assertThat(map.getAttribute("data-outcome")).isEqualTo("succeeded");
        assertThat(map.getAttribute("class")).contains("container");
        assertThat(map.getText()).contains("Map");

        tagged.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-name"), "<b>Check</b>"));
        assertThat(driver.findElement(By.id("state-name")).getText()).isEqualTo(MARKUP_STATE);
        assertThat(driver.findElement(By.id("state-input")).getText()).contains("<script>window.__xss=2</script>");
        state("Threshold").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("state-name"), "Threshold"));
        assertThat(driver.findElement(By.id("state-status")).getText()).isEqualToIgnoringCase("failed, caught");
        assertThat(driver.findElement(By.id("state-failure")).getText()).contains("Error");
        driver.findElement(By.cssSelector("#execution-input summary")).click();
        assertThat(driver.findElement(By.id("execution-input")).getText()).contains("<script>window.__xss=2</script>");
        assertThat(driver.executeScript("return window.__xss === undefined && !document.querySelector('img[src=x], script:not([src])')"))
                .as("no markup from the store became elements").isEqualTo(true);
        fullPageScreenshot(driver, "execution-caught-1280.png");
    }
}

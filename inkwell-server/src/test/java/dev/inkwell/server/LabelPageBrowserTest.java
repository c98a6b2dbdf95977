package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.LabellingQueue;
import dev.inkwell.store.Store;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The labelling page in real headless Chromium: Fashion-MNIST pictures sent to the digit endpoint with capture on
 * are captured, the ones the model was unsure of land in the labelling queue, and five of them are labelled with the
 * keyboard (a skip and an undo on the way); they show in the page's table and are rows of the samples table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelPageBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String KEY = "label-key";

    private TestServer http;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path profile) {
        http = TestServer.start(c -> c.auth(new ServerConfig.Auth(KEY))
                .capture(c.capture().withEndpoints(new CaptureSettings(100, null)).withFlushInterval(Duration.ofMillis(200))));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("INKWELL_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("INKWELL_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // pages that redraw on a timer make found elements stale: look again
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (http != null) http.close();
    }

    private static String executable(String env, String fallback) {
        String configured = System.getenv(env);
        String path = configured != null && !configured.isBlank() ? configured : fallback;
        assertThat(Path.of(path)).as("%s (install Debian's chromium and chromium-driver, see .ci/apt-packages)", path).isExecutable();
        return path;
    }

    @Test
    void fiveQueuedPicturesAreLabelledWithTheKeyboard() throws Exception {
        Store store = http.server.platform().store();
        LabellingQueue queue = store.labelling();
        for (String pixels : fashionPixelRows(30)) {
            assertThat(http.post("/v1/endpoints/default/predict", "application/json", "{\"pixels\": " + pixels + "}").statusCode()).isEqualTo(200);
        }
        await("six low-confidence captures queued", () -> queue.counts().get(LabellingItem.Status.PENDING) >= 6);
        List<LabellingItem> first = queue.list(LabellingItem.Status.PENDING, 0, 6);

        driver.get(http.uri("/label.html").toString());
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        key.sendKeys(KEY);
        driver.findElement(By.id("key-use")).click();
        awaitCurrent(first.get(0).id());
        assertThat(driver.findElement(By.id("said")).getText()).isEqualTo(first.get(0).predictedLabel());
        Number width = (Number) driver.executeScript("return document.getElementById('current-img').naturalWidth");
        assertThat(width.intValue()).isEqualTo(28);
        assertThat(driver.findElement(By.id("current-img")).getSize().getWidth()).as("shown large").isGreaterThanOrEqualTo(300);
        screenshot("label-first.png");

        // 3, 1, skip, undo (the skipped one comes back), 4, 1, 5: five labelled, in order
        type("3");
        awaitCurrent(first.get(1).id());
        type("1");
        awaitCurrent(first.get(2).id());
        type("s");
        awaitCurrent(first.get(3).id());
        type("u");
        awaitCurrent(first.get(2).id());
        type("4");
        awaitCurrent(first.get(3).id());
        type("1");
        awaitCurrent(first.get(4).id());
        type("5");
        awaitCurrent(first.get(5).id());

        int[] labels = {3, 1, 4, 1, 5};
        wait.until(d -> d.findElements(By.cssSelector("#labelled tbody tr")).size() == 5);
        Map<String, String> shown = driver.findElements(By.cssSelector("#labelled tbody tr")).stream()
                .collect(Collectors.toMap(tr -> tr.getAttribute("data-id"), tr -> tr.findElement(By.cssSelector(".label-cell")).getText()));
        for (int i = 0; i < 5; i++) {
            LabellingItem item = queue.get(first.get(i).id());
            assertThat(item.status()).as("item %d", i).isEqualTo(LabellingItem.Status.LABELLED);
            assertThat(item.label()).as("item %d", i).isEqualTo(labels[i]);
            assertThat(shown).containsEntry(Long.toString(item.id()), Integer.toString(labels[i]));
        }
        List<Sample> rows = new ArrayList<>();
        try (SampleReader r = store.table("labelled").dataset().open()) {
            r.stream().forEach(rows::add);
        }
        assertThat(rows).extracting(Sample::label).containsExactlyInAnyOrder(3, 1, 4, 1, 5);
        assertThat(rows).allSatisfy(s -> assertThat(s.source()).isEqualTo(LabellingQueue.SOURCE));
        assertThat(queue.get(first.get(5).id()).status()).isEqualTo(LabellingItem.Status.PENDING);
        screenshot("label-done.png");

        // the workflow test case button: a random captured object, in seed 003's shape
        driver.findElement(By.id("sample-bucket")).clear();
        driver.findElement(By.id("sample-bucket")).sendKeys("captures");
        driver.findElement(By.id("sample-prefix")).sendKeys("default/main/");
        driver.findElement(By.id("sample")).click();
        wait.until(d -> d.findElement(By.id("test-case")).getText().contains("s3_key"));
        String testCase = driver.findElement(By.id("test-case")).getText();
        assertThat(testCase).contains("\"image_data\": \"\"").contains("\"s3_bucket\": \"captures\"").contains("\"s3_key\": \"default/main/");
    }

    @Test
    void withoutTheKeyThePageAsksForIt() {
        driver.get(http.uri("/label.html").toString());
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        assertThat(driver.findElement(By.id("labeller")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("counts")).getText()).contains("API key");
    }

    private void type(String keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private void awaitCurrent(long id) {
        wait.until(d -> Long.toString(id).equals(d.findElement(By.id("current")).getAttribute("data-id")));
    }

    /** The first {@code n} Fashion-MNIST test pictures as JSON pixel rows: clothes, which a digit model is rarely sure of. */
    private static List<String> fashionPixelRows(int n) {
        List<String> out = new ArrayList<>();
        try (SampleReader r = Datasets.open(SharedData.fashionMnist()).split("test").open()) {
            for (Sample s = r.next(); s != null && out.size() < n; s = r.next()) {
                StringJoiner j = new StringJoiner(",", "[", "]");
                for (byte b : s.pixels()) j.add(Integer.toString(b & 0xff));
                out.add(j.toString());
            }
        }
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}

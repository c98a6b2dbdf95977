package dev.inkwell.server;

import static dev.inkwell.server.Browser.drawSeven;
import static dev.inkwell.server.Browser.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in real headless Chromium (Debian's chromium + chromium-driver): draw a digit with pointer events,
 * read the label and the bars, undo, upload a file. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageBrowserTest {
    private TestServer http;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path profile) {
        http = TestServer.start();
        driver = Browser.chrome(profile);
        driver.manage().window().setSize(new Dimension(1200, 1000));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (http != null) http.close();
    }

    @Test
    void drawsADigitSeesTheBarsUndoesAndUploadsAFile() throws IOException {
        driver.get(http.uri("/").toString());
        WebElement pad = driver.findElement(By.id("pad"));
        wait.until(d -> d.findElements(By.cssSelector("#endpoint option")).size() == 1
                && !d.findElement(By.id("endpoint-model")).getText().isEmpty());
        assertThat(driver.findElement(By.id("endpoint-model")).getText()).contains("mnist-8");

        drawSeven(driver, pad, PointerInput.Kind.MOUSE);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "7"));
        List<WebElement> bars = driver.findElements(By.cssSelector("#bars .bar"));
        assertThat(bars).hasSize(10);
        WebElement best = driver.findElement(By.cssSelector("#bars .bar.best"));
        assertThat(best.getAttribute("data-label")).isEqualTo("7");
        String width = best.findElement(By.cssSelector(".fill")).getAttribute("style");
        assertThat(Double.parseDouble(width.replaceAll("[^0-9.]", ""))).isGreaterThan(50);
        assertThat(driver.findElements(By.cssSelector("#top li"))).hasSize(3).first()
                .satisfies(li -> assertThat(li.getText()).startsWith("7"));
        WebElement seen = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#seen img")));
        wait.until(d -> ((Number) driver.executeScript("return arguments[0].naturalWidth", seen)).intValue() == 28);
        screenshot(driver, "draw-7.png");

        // keyboard: Ctrl+Z undoes the only stroke, back to the empty state
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        wait.until(ExpectedConditions.textToBe(By.id("label"), "–"));
        assertThat(driver.findElements(By.cssSelector("#seen img"))).isEmpty();

        // upload a file through the file input
        Path three = SharedData.handwritten28px().resolve("3.png");
        driver.findElement(By.id("file")).sendKeys(three.toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBe(By.id("label"), "3"));
        assertThat(driver.findElement(By.cssSelector("#bars .bar.best")).getAttribute("data-label")).isEqualTo("3");
        screenshot(driver, "upload-3.png");

        // a file dropped on the pad and an image pasted from the clipboard (the events a browser fires, with real files)
        dispatchFile("drop", 4);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "4"));
        dispatchFile("paste", 8);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "8"));

        // Escape clears
        driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "–"));
        assertThat(driver.findElement(By.id("pad")).getAttribute("aria-label")).contains("draw");
        assertThat(driver.findElement(By.cssSelector("label[for=file]")).getText()).contains("Upload");

        // narrow screens stack the pad above the results
        driver.manage().window().setSize(new Dimension(420, 1400));
        drawSeven(driver, driver.findElement(By.id("pad")), PointerInput.Kind.MOUSE);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "7"));
        WebElement results = driver.findElement(By.id("results"));
        assertThat(results.getLocation().getY()).isGreaterThan(driver.findElement(By.id("pad")).getLocation().getY()
                + driver.findElement(By.id("pad")).getSize().getHeight());
        screenshot(driver, "narrow.png");
    }

    /** Fires a drop on the pad, or a paste on the document, carrying the handwritten sample {@code digit} as a PNG file. */
    private void dispatchFile(String event, int digit) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(
                Files.readAllBytes(SharedData.handwritten28px().resolve(digit + ".png")));
        driver.executeScript("""
                const bytes = Uint8Array.from(atob(arguments[1]), c => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'digit.png', {type: 'image/png'}));
                if (arguments[0] === 'drop') {
                  document.getElementById('dropzone').dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
                } else {
                  document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
                }""", event, b64);
    }
}

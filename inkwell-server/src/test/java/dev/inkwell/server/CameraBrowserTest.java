package dev.inkwell.server;

import static dev.inkwell.server.Browser.chrome;
import static dev.inkwell.server.Browser.drawSeven;
import static dev.inkwell.server.Browser.fullPageScreenshot;
import static dev.inkwell.server.Browser.screenshot;
import static dev.inkwell.server.Browser.viewport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.inkwell.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's camera and its phone layout, in real headless Chromium (Debian's chromium + chromium-driver).
 *
 * <p>Chromium's fake camera plays a YUV4MPEG2 file this test writes: a handwritten sample digit scaled up as dark
 * ink on grey, unevenly lit, slightly noisy paper, inside the page's guide frame, with another digit outside the
 * frame that must not be sent. The test opens the camera, captures with the space bar and the button, retakes,
 * closes, and checks the label, the upload (a JPEG of the guide's square only) and that the tracks stopped. A
 * second Chromium that refuses camera permission, and the same page on an insecure origin (no
 * {@code navigator.mediaDevices}), must show a clear message and keep drawing working. At 390×844 with touch
 * emulated the page must not scroll sideways, show the pad and the buttons, offer "Take photo", and draw by touch.
 * Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CameraBrowserTest {
    /** The digit held up to the fake camera, and the one beside the guide frame that must not be sent. */
    private static final int DIGIT = 5;
    private static final int OUTSIDE = 1;
    private static final int FRAME_WIDTH = 640;
    private static final int FRAME_HEIGHT = 480;
    /** The page's guide frame: the centred square of 60% of the frame's shorter side (app.js, GUIDE). */
    private static final int GUIDE_SIDE = (int) Math.round(0.6 * Math.min(FRAME_WIDTH, FRAME_HEIGHT));
    private static final int GUIDE_X = (FRAME_WIDTH - GUIDE_SIDE) / 2;
    private static final int GUIDE_Y = (FRAME_HEIGHT - GUIDE_SIDE) / 2;
    /** Resolves an insecure (non-localhost, plain http) host name to the test server. */
    private static final String INSECURE_HOST = "inkwell-camera.test";

    /**
     * Installed before the page's own script: records each upload (type, size, decoded dimensions) and each camera
     * stream, so the test can see what was sent and whether the tracks were stopped.
     */
    private static final String PROBES = """
            window.__uploads = [];
            window.__streams = [];
            const realFetch = window.fetch;
            window.fetch = function (url, init) {
              const body = init && init.body;
              if (body instanceof Blob) {
                const entry = { url: String(url), type: body.type, size: body.size, width: 0, height: 0 };
                window.__uploads.push(entry);
                createImageBitmap(body).then((b) => { entry.width = b.width; entry.height = b.height; },
                    () => { entry.width = -1; });
              }
              return realFetch.apply(this, arguments);
            };
            if (window.MediaDevices && MediaDevices.prototype.getUserMedia) {
              const gum = MediaDevices.prototype.getUserMedia;
              MediaDevices.prototype.getUserMedia = function () {
                return gum.apply(this, arguments).then((s) => { window.__streams.push(s); return s; });
              };
            }
            """;

    private TestServer http;
    private ChromeDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {

        http = TestServer.start();
        Path video = tmp.resolve("camera.y4m");
        writeCameraVideo(video);
        driver = chrome(tmp.resolve("profile"), "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath());
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBES));
    }

    @AfterEach
    void resetEmulation() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    }

    @AfterAll
    void stop() {
        if (driver != null) driver.quit();
        if (http != null) http.close();
    }

    @Test
    void capturesTheDigitInsideTheGuideRetakesAndStopsTheCamera() throws IOException {
        viewport(driver, 1280, 800, false);
        openPage(driver, http.uri("/").toString());
        assertThat(driver.findElement(By.id("camera")).isDisplayed()).isFalse();
        WebElement toggle = driver.findElement(By.id("camera-toggle"));
        assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(driver.findElement(By.id("camera-message")).getAttribute("aria-live")).isEqualTo("polite");
        // desktop keeps its plain upload; the phone-only "Take photo" input is not offered with a mouse
        assertThat(driver.findElement(By.id("file")).getAttribute("capture")).isNull();
        assertThat(driver.findElement(By.cssSelector("label[for=photo]")).isDisplayed()).isFalse();
        screenshot(driver, "camera-desktop-1280.png");

        toggle.click();
        waitForCamera(driver, "live");
        assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(driver.findElement(By.id("dropzone")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("undo")).isDisplayed()).as("the pad's tools step aside").isFalse();
        assertThat(activeId(driver)).as("focus moves to Capture").isEqualTo("capture");
        assertThat(((Number) driver.executeScript("return document.getElementById('camera-video').videoWidth")).intValue())
                .isEqualTo(FRAME_WIDTH);
        // the guide drawn over the preview covers exactly the part of the frame that is sent
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) driver.executeScript("""
                const v = document.getElementById('camera-video').getBoundingClientRect();
                const g = document.getElementById('camera-guide').getBoundingClientRect();
                const w = arguments[0], h = arguments[1], s = Math.min(v.width / w, v.height / h);
                const left = v.left + (v.width - w * s) / 2, top = v.top + (v.height - h * s) / 2;
                return {x: (g.left + 3 - left) / s, y: (g.top + 3 - top) / s, side: (g.width - 6) / s};""",
                FRAME_WIDTH, FRAME_HEIGHT);
        assertThat(((Number) g.get("x")).doubleValue()).isCloseTo(GUIDE_X, within(6.0));
        assertThat(((Number) g.get("y")).doubleValue()).isCloseTo(GUIDE_Y, within(6.0));
        assertThat(((Number) g.get("side")).doubleValue()).isCloseTo(GUIDE_SIDE, within(10.0));
        screenshot(driver, "camera-live-1280.png");

        // the space bar captures (focus on the page, not on a button)
        driver.executeScript("document.activeElement.blur()");
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        waitForCamera(driver, "captured");
        wait.until(ExpectedConditions.textToBe(By.id("label"), String.valueOf(DIGIT)));
        assertCroppedUpload(1);
        assertThat(driver.findElements(By.cssSelector("#seen img"))).as("one digit: the one outside the guide is not sent").hasSize(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("camera-read"), "Read as " + DIGIT));
        assertThat(activeId(driver)).as("focus moves to Retake").isEqualTo("retake");
        screenshot(driver, "camera-captured-1280.png");

        // retake (Space on the focused Retake button), then capture with the button
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        waitForCamera(driver, "live");
        driver.findElement(By.id("capture")).click();
        waitForCamera(driver, "captured");
        wait.until(d -> uploads(d).size() == 2);
        wait.until(ExpectedConditions.textToBe(By.id("label"), String.valueOf(DIGIT)));
        assertCroppedUpload(2);

        // closing stops every track and gives the pad back, with the captured square on it
        driver.findElement(By.id("camera-close")).click();
        waitForCamera(driver, "off");
        assertTracksStopped(driver);
        assertThat(driver.findElement(By.id("dropzone")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("undo")).isDisplayed()).isTrue();
        assertThat(activeId(driver)).isEqualTo("camera-toggle");
        assertThat(driver.findElement(By.id("label")).getText()).isEqualTo(String.valueOf(DIGIT));

        // Escape closes it too (and does not clear the pad)
        toggle.click();
        waitForCamera(driver, "live");
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        waitForCamera(driver, "off");
        assertTracksStopped(driver);
        assertThat(driver.findElement(By.id("label")).getText()).isEqualTo(String.valueOf(DIGIT));

        // switching away: another tab hides the page, which stops the camera
        toggle.click();
        waitForCamera(driver, "live");
        String page = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String other = driver.getWindowHandle();
        driver.switchTo().window(page);
        wait.until(d -> "off".equals(driver.findElement(By.id("camera")).getAttribute("data-state")));
        assertTracksStopped(driver);
        assertThat(driver.findElement(By.id("camera-message")).getText()).contains("stopped");
        driver.switchTo().window(other).close();
        driver.switchTo().window(page);

        // an upload while the camera is open switches to it and stops the camera
        toggle.click();
        waitForCamera(driver, "live");
        driver.findElement(By.id("file")).sendKeys(SharedData.handwritten28px().resolve("3.png").toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBe(By.id("label"), "3"));
        waitForCamera(driver, "off");
        assertTracksStopped(driver);
    }

    @Test
    void refusedPermissionAndAnInsecurePageExplainThemselvesAndDrawingStillWorks(@TempDir Path profile) throws IOException {
        // no fake permission UI: the prompt is refused; the fake device is there, so it is the permission that fails
        ChromeDriver refusing = chrome(profile, "--use-fake-device-for-media-stream", "--deny-permission-prompts",
                "--host-resolver-rules=MAP " + INSECURE_HOST + " 127.0.0.1", "--disable-features=HttpsUpgrades");
        try {
            refusedAndInsecure(refusing);
        } finally {
            refusing.quit(); // before JUnit deletes its profile folder
        }
    }

    private void refusedAndInsecure(ChromeDriver refusing) throws IOException {
        viewport(refusing, 1280, 800, false);
        WebDriverWait w = new WebDriverWait(refusing, Duration.ofSeconds(30));

        openPage(refusing, http.uri("/").toString());
        refusing.findElement(By.id("camera-toggle")).click();
        WebElement message = refusing.findElement(By.id("camera-message"));
        w.until(d -> message.getText().contains("permission was refused"));
        assertThat(message.getAttribute("class")).contains("error");
        assertThat(message.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(refusing.findElement(By.id("camera")).isDisplayed()).isFalse();
        assertThat(refusing.findElement(By.id("camera-toggle")).getAttribute("aria-pressed")).isEqualTo("false");
        drawSeven(refusing, refusing.findElement(By.id("pad")), PointerInput.Kind.MOUSE);
        w.until(ExpectedConditions.textToBe(By.id("label"), "7"));
        screenshot(refusing, "camera-refused-1280.png");

        // plain http on a name other than localhost: browsers hide navigator.mediaDevices there
        openPage(refusing, "http://" + INSECURE_HOST + ":" + http.server.port() + "/");
        assertThat((Boolean) refusing.executeScript("return window.isSecureContext === false && navigator.mediaDevices === undefined"))
                .isTrue();
        refusing.findElement(By.id("camera-toggle")).click();
        WebElement insecure = refusing.findElement(By.id("camera-message"));
        w.until(d -> insecure.getText().contains("secure page"));
        assertThat(insecure.getText()).contains("https://").contains("upload a picture");
        assertThat(refusing.findElement(By.id("camera")).isDisplayed()).isFalse();
        drawSeven(refusing, refusing.findElement(By.id("pad")), PointerInput.Kind.MOUSE);
        w.until(ExpectedConditions.textToBe(By.id("label"), "7"));
    }

    @Test
    void phoneWidthReflowsOffersTakePhotoDrawsByTouchAndUsesTheCamera() throws IOException {
        viewport(driver, 390, 844, true);
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        openPage(driver, http.uri("/").toString());
        assertThat((Number) driver.executeScript("return innerWidth")).isEqualTo(390L);
        assertFitsPhone("page");
        WebElement photo = driver.findElement(By.id("photo"));
        assertThat(photo.getAttribute("accept")).isEqualTo("image/*");
        assertThat(photo.getAttribute("capture")).isEqualTo("environment");
        assertThat(driver.findElement(By.cssSelector("label[for=photo]")).isDisplayed()).as("Take photo on a touch screen").isTrue();
        screenshot(driver, "phone-390.png");

        // touch drawing
        WebElement pad = driver.findElement(By.id("pad"));
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", pad);
        drawSeven(driver, pad, PointerInput.Kind.TOUCH);
        wait.until(ExpectedConditions.textToBe(By.id("label"), "7"));
        assertFitsPhone("after drawing");

        // "Take photo" feeds the same prediction as an upload
        photo.sendKeys(SharedData.handwritten28px().resolve("4.png").toAbsolutePath().toString());
        wait.until(ExpectedConditions.textToBe(By.id("label"), "4"));

        // the live camera at phone width
        driver.executeScript("window.scrollTo(0, 0)");
        driver.findElement(By.id("camera-toggle")).click();
        waitForCamera(driver, "live");
        assertFitsPhone("camera open");
        assertThat(driver.findElement(By.id("capture")).isDisplayed()).isTrue();
        driver.executeScript("document.getElementById('viewfinder').scrollIntoView({block: 'start'})");
        screenshot(driver, "phone-camera-390.png");
        driver.findElement(By.id("capture")).click();
        waitForCamera(driver, "captured");
        wait.until(ExpectedConditions.textToBe(By.id("label"), String.valueOf(DIGIT)));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("camera-read"), "Read as " + DIGIT));
        assertFitsPhone("captured");
        screenshot(driver, "phone-captured-390.png");
        fullPageScreenshot(driver, "phone-captured-390-full.png");
        driver.findElement(By.id("camera-close")).click();
        waitForCamera(driver, "off");
        assertTracksStopped(driver);
    }

    // ---- checks ------------------------------------------------------------------------------------------------

    private void assertCroppedUpload(int count) {
        wait.until(d -> {
            List<Map<String, Object>> u = uploads(d);
            return u.size() >= count && ((Number) u.get(count - 1).get("width")).intValue() != 0;
        });
        Map<String, Object> upload = uploads(driver).get(count - 1);
        assertThat(upload.get("type")).isEqualTo("image/jpeg");
        assertThat(((Number) upload.get("width")).intValue()).as("only the guide's square is sent").isEqualTo(GUIDE_SIDE);
        assertThat(((Number) upload.get("height")).intValue()).isEqualTo(GUIDE_SIDE);
        assertThat((String) upload.get("url")).contains("/predict");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> uploads(org.openqa.selenium.WebDriver d) {
        return (List<Map<String, Object>>) ((JavascriptExecutor) d).executeScript("return window.__uploads");
    }

    private static void assertTracksStopped(ChromeDriver d) {
        assertThat((Boolean) d.executeScript("""
                return window.__streams.length > 0
                    && window.__streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))
                    && document.getElementById('camera-video').srcObject === null"""))
                .as("every camera track stopped").isTrue();
    }

    /** No sideways scrolling at phone width, and the pad and every visible button inside the viewport's width. */
    private void assertFitsPhone(String when) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) driver.executeScript("""
                const de = document.documentElement;
                const inside = (el) => { const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth; };
                const shown = [...document.querySelectorAll('button, .button, select, canvas, video')]
                    .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
                return {scrollWidth: de.scrollWidth, bodyScrollWidth: document.body.scrollWidth, innerWidth,
                        outside: shown.filter(el => !inside(el)).map(el => el.id || el.textContent.trim()),
                        padOrCamera: inside(document.getElementById('pad')) || inside(document.getElementById('viewfinder')),
                        buttons: shown.filter(el => el.matches('.tools button, .tools .button')).length};""");
        long inner = ((Number) m.get("innerWidth")).longValue();
        assertThat(((Number) m.get("scrollWidth")).longValue()).as("%s: no horizontal overflow", when).isLessThanOrEqualTo(inner);
        assertThat(((Number) m.get("bodyScrollWidth")).longValue()).as("%s: body", when).isLessThanOrEqualTo(inner);
        assertThat((List<?>) m.get("outside")).as("%s: controls outside the viewport's width", when).isEmpty();
        assertThat((Boolean) m.get("padOrCamera")).as("%s: pad or camera visible", when).isTrue();
        assertThat(((Number) m.get("buttons")).intValue()).as("%s: buttons shown", when).isGreaterThanOrEqualTo(3);
    }

    // ---- browser -----------------------------------------------------------------------------------------------

    private void openPage(ChromeDriver d, String url) {
        d.get(url);
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> !x.findElement(By.id("endpoint-model")).getText().isEmpty());
    }

    private void waitForCamera(ChromeDriver d, String state) {
        new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> {
            String s = x.findElement(By.id("camera")).getAttribute("data-state");
            if (!state.equals(s) && "off".equals(s) && !"off".equals(state)) {
                String message = x.findElement(By.id("camera-message")).getText();
                if (!message.isEmpty() && !message.startsWith("Starting")) throw new AssertionError("camera failed: " + message);
            }
            return state.equals(s);
        });
    }

    private static String activeId(ChromeDriver d) {
        return (String) d.executeScript("return document.activeElement && document.activeElement.id");
    }

    // ---- the fake camera's video -------------------------------------------------------------------------------

    /**
     * A few 640×480 frames of uncompressed YUV4MPEG2 (4:2:0, grey chroma): paper lit unevenly (brighter to the
     * right and down, plus grain that differs per frame), the sample {@link #DIGIT} as dark ink about 200 px tall
     * in the middle of the guide frame, and {@link #OUTSIDE} to the left of the guide, where it must be cropped off.
     */
    static void writeCameraVideo(Path file) throws IOException {
        float[] digit = inkOf(DIGIT);
        float[] outside = inkOf(OUTSIDE);
        int frames = 4;
        int digitScale = 7;
        int outsideScale = 4;
        int digitX = FRAME_WIDTH / 2 - 14 * digitScale;
        int digitY = FRAME_HEIGHT / 2 - 14 * digitScale;
        int outsideX = 16;
        int outsideY = FRAME_HEIGHT / 2 - 14 * outsideScale;
        assertThat(outsideX + 28 * outsideScale).as("the distractor lies outside the guide").isLessThan(GUIDE_X);
        assertThat(digitX).isGreaterThan(GUIDE_X);
        byte[] chroma = new byte[(FRAME_WIDTH / 2) * (FRAME_HEIGHT / 2)];
        Arrays.fill(chroma, (byte) 128);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("YUV4MPEG2 W" + FRAME_WIDTH + " H" + FRAME_HEIGHT + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            byte[] luma = new byte[FRAME_WIDTH * FRAME_HEIGHT];
            for (int f = 0; f < frames; f++) {
                Random grain = new Random(42 + f);
                for (int y = 0; y < FRAME_HEIGHT; y++) {
                    for (int x = 0; x < FRAME_WIDTH; x++) {
                        double paper = 100 + 95 * (0.7 * x / FRAME_WIDTH + 0.3 * y / FRAME_HEIGHT);
                        double ink = Math.max(sample(digit, (x - digitX) / (double) digitScale, (y - digitY) / (double) digitScale),
                                sample(outside, (x - outsideX) / (double) outsideScale, (y - outsideY) / (double) outsideScale));
                        double v = paper * (1 - 0.72 * ink) + grain.nextGaussian() * 4;
                        luma[y * FRAME_WIDTH + x] = (byte) Math.max(16, Math.min(235, (int) Math.round(v)));
                    }
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(luma);
                out.write(chroma);
                out.write(chroma);
            }
        }
    }

    /** The 28×28 sample as ink 0–1 (white on black in the file). */
    private static float[] inkOf(int digit) {
        try {
            BufferedImage img = ImageIO.read(SharedData.handwritten28px().resolve(digit + ".png").toFile());
            float[] ink = new float[28 * 28];
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int argb = img.getRGB(x, y);
                    int a = argb >>> 24;
                    int grey = (((argb >> 16) & 0xff) + ((argb >> 8) & 0xff) + (argb & 0xff)) / 3;
                    ink[y * 28 + x] = grey * a / (255f * 255f);
                }
            }
            return ink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bilinear sample of a 28×28 ink map at (x, y) in its pixels (0 outside). */
    private static double sample(float[] ink, double x, double y) {
        x -= 0.5;
        y -= 0.5;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 > 27 || y0 > 27) return 0;
        double fx = x - x0;
        double fy = y - y0;
        return at(ink, x0, y0) * (1 - fx) * (1 - fy) + at(ink, x0 + 1, y0) * fx * (1 - fy)
                + at(ink, x0, y0 + 1) * (1 - fx) * fy + at(ink, x0 + 1, y0 + 1) * fx * fy;
    }

    private static double at(float[] ink, int x, int y) {
        return x < 0 || y < 0 || x > 27 || y > 27 ? 0 : ink[y * 28 + x];
    }
}

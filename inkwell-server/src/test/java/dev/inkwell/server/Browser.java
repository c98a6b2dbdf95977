package dev.inkwell.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

/**
 * What the page tests share: a headless Chromium (Debian's chromium and chromium-driver, or the binaries
 * INKWELL_CHROMIUM and INKWELL_CHROMEDRIVER name), viewport emulation, screenshots to target/screenshots/, a drawn 7
 * and the phone-width check.
 */
final class Browser {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    /** A headless Chromium with its own profile folder, 1280×800 unless {@code extra} or the test says otherwise. */
    static ChromeDriver chrome(Path profile, String... extra) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("INKWELL_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(extra);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("INKWELL_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String executable(String env, String fallback) {
        String configured = System.getenv(env);
        String path = configured != null && !configured.isBlank() ? configured : fallback;
        assertThat(Path.of(path)).as("%s (install Debian's chromium and chromium-driver, see .ci/apt-packages)", path).isExecutable();
        return path;
    }

    /** The page's viewport as a desktop window or a phone (mobile: meta viewport honoured). */
    static void viewport(ChromeDriver d, int width, int height, boolean mobile) {
        d.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    static void screenshot(ChromeDriver d, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(d.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page, not only the viewport (DevTools' capture beyond the viewport). */
    static void fullPageScreenshot(ChromeDriver d, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Map<String, Object> shot = d.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** The page does not scroll sideways: nothing is wider than the viewport. */
    static void assertNoSidewaysScroll(ChromeDriver d, String when) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) d.executeScript("""
                const de = document.documentElement;
                return {scrollWidth: de.scrollWidth, bodyScrollWidth: document.body.scrollWidth, innerWidth,
                        wide: [...document.querySelectorAll('body *')].filter(el => el.getClientRects().length > 0
                            && el.getBoundingClientRect().right > innerWidth + 1).map(el => el.tagName + '#' + el.id + '.' + el.className).slice(0, 5)};""");
        long inner = ((Number) m.get("innerWidth")).longValue();
        assertThat(((Number) m.get("scrollWidth")).longValue()).as("%s: no horizontal overflow (too wide: %s)", when, m.get("wide"))
                .isLessThanOrEqualTo(inner);
        assertThat(((Number) m.get("bodyScrollWidth")).longValue()).as("%s: body", when).isLessThanOrEqualTo(inner);
    }

    /** One stroke, a 7: across the top, then down to the lower left, in small moves (mouse or finger). */
    static void drawSeven(ChromeDriver d, WebElement pad, PointerInput.Kind kind) {
        int size = pad.getSize().getWidth();
        double u = size / 10.0;
        PointerInput pointer = new PointerInput(kind, kind == PointerInput.Kind.TOUCH ? "finger" : "mouse");
        Sequence stroke = new Sequence(pointer, 0);
        int[][] path = {{3, 2}, {7, 2}, {6, 4}, {5, 6}, {4, 8}};
        stroke.addAction(pointer.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad),
                (int) ((path[0][0] - 5) * u), (int) ((path[0][1] - 5) * u)));
        stroke.addAction(pointer.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int i = 1; i < path.length; i++) {
            for (int step = 1; step <= 8; step++) {
                double x = path[i - 1][0] + (path[i][0] - path[i - 1][0]) * step / 8.0;
                double y = path[i - 1][1] + (path[i][1] - path[i - 1][1]) * step / 8.0;
                stroke.addAction(pointer.createPointerMove(Duration.ofMillis(10), PointerInput.Origin.fromElement(pad),
                        (int) ((x - 5) * u), (int) ((y - 5) * u)));
            }
        }
        stroke.addAction(pointer.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        d.perform(List.of(stroke));
    }
}

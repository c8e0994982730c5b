package io.liveboard.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.logging.Level;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium (Debian's {@code chromium}, driven through Debian's {@code chromedriver}) showing the
 * dashboard. Both executables are given explicitly, so Selenium Manager never looks for (or downloads) either.
 * Console messages and uncaught page errors are collected for the test's artifacts.
 */
final class Browser {

    static final String CHROMIUM = System.getProperty("liveboard.e2e.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("liveboard.e2e.chromedriver", "/usr/bin/chromedriver");

    /** A screen the dashboard is looked at on. */
    record Screen(String name, int width, int height, boolean mobile) {
    }

    static final Screen LAPTOP = new Screen("laptop", 1440, 900, false);
    static final Screen PHONE = new Screen("phone", 390, 844, true);

    /** Installed before any page script runs: uncaught errors and rejected promises are test failures. */
    private static final String ERROR_PROBE = """
            window.__e2eErrors = [];
            addEventListener('error', (e) => window.__e2eErrors.push(String(e.message || e.type) + ' at ' + e.filename + ':' + e.lineno));
            addEventListener('unhandledrejection', (e) => window.__e2eErrors.push('unhandled rejection: ' + String(e.reason && (e.reason.stack || e.reason))));
            """;

    /**
     * Selenium looks for a DevTools binding matching the browser's version at every start and warns when it has
     * none; these tests only use chromedriver's own CDP passthrough, which needs none. Held so it is not collected.
     */
    private static final java.util.logging.Logger CDP_FINDER = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(Level.SEVERE);
    }

    final String name;
    private final ChromeDriver driver;
    private final Path artifacts;
    private final List<String> console = new ArrayList<>();
    private Screen screen;

    private Browser(String name, ChromeDriver driver, Path artifacts, Screen screen) {
        this.name = name;
        this.driver = driver;
        this.artifacts = artifacts;
        this.screen = screen;
    }

    static Browser start(String name, Screen screen, Path artifacts) {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw new IllegalStateException(exe + " is missing: install the Debian packages chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver fonts-noto-color-emoji)");
            }
        }
        try {
            Files.createDirectories(artifacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // STACK.md: without the network switches the browser stalls on the closed network. The background
        // switches keep timers and animation frames running at full speed in a headless window.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-sync", "--mute-audio",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + screen.width() + "," + screen.height());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(artifacts.resolve(name + ".chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_PROBE));
            Browser browser = new Browser(name, driver, artifacts, screen);
            browser.emulate(screen);
            return browser;
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** Sizes the viewport exactly (a window size would include the browser's own frame on some builds). */
    void emulate(Screen next) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", next.width(),
                "height", next.height(), "deviceScaleFactor", 1, "mobile", next.mobile()));
        this.screen = next;
    }

    Screen screen() {
        return screen;
    }

    void get(String url) {
        driver.get(url);
    }

    ChromeDriver driver() {
        return driver;
    }

    @SuppressWarnings("unchecked")
    <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until a JavaScript expression ({@code return ...}) is truthy; fails naming {@code what}. */
    void awaitJs(String what, Duration timeout, String script, Object... args) {
        awaitValue(what, timeout, () -> js(script, args), Browser::truthy);
    }

    /** Polls {@code value} until it passes; returns the passing value. */
    <T> T awaitValue(String what, Duration timeout, Callable<T> value, Predicate<? super T> done) {
        return await(name + ": " + what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(value, done::test);
    }

    static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !(v instanceof Number n && n.doubleValue() == 0)
                && !"".equals(v);
    }

    /**
     * Waits (briefly, best effort) for moves, fades and toast slides to finish, for a clean picture. Endless
     * animations (the live dot) and the toasts' countdown bars do not count.
     */
    void settle() {
        try {
            awaitJs("animations settle", Duration.ofSeconds(3), "return document.getAnimations().filter((a) => "
                    + "a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity"
                    + " && !a.effect?.target?.classList?.contains('toast-timer')).length === 0");
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // A picture mid-animation is still a picture.
        }
    }

    /** What the viewport shows, as a PNG under the artifacts directory. */
    Path screenshot(String file) {
        return write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, beyond the viewport (the phone layout is one long column). */
    Path fullPageScreenshot(String file) {
        Map<String, Object> size = js("return {w: document.documentElement.scrollWidth, "
                + "h: document.documentElement.scrollHeight}");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                        "width", ((Number) size.get("w")).intValue(), "height", ((Number) size.get("h")).intValue(),
                        "scale", 1)));
        return write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    private Path write(String file, byte[] png) {
        try {
            Files.createDirectories(artifacts);
            return Files.write(artifacts.resolve(file), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages so far (Chromium hands each out once; they are kept here). */
    synchronized List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(Instant.ofEpochMilli(entry.getTimestamp()) + " " + entry.getLevel() + " "
                        + entry.getMessage());
            }
        } catch (RuntimeException e) {
            console.add("(console log unavailable: " + e.getMessage() + ")");
        }
        return List.copyOf(console);
    }

    Path saveConsoleLog(String file) {
        try {
            Files.createDirectories(artifacts);
            return Files.write(artifacts.resolve(file), consoleLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uncaught errors and unhandled rejections of the current page. */
    List<String> pageErrors() {
        List<String> errors = js("return window.__e2eErrors || []");
        return errors;
    }

    void quit() {
        driver.quit();
    }
}

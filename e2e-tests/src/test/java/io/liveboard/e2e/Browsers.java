package io.liveboard.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens browsers for a test and closes them after it. Every test leaves its browsers' console logs under
 * {@code target/screenshots/}; a failing test also leaves a screenshot of each browser as it was when the test
 * failed (taken before anything is closed).
 */
final class Browsers implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

    static final Path ARTIFACTS = Path.of("target", "screenshots");

    static {
        // Artifacts of an earlier run (without mvn clean) would pass for this run's.
        try (var paths = java.nio.file.Files.walk(ARTIFACTS)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.nio.file.NoSuchFileException e) {
            // first run
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final List<Browser> open = new ArrayList<>();
    private String test = "test";

    Browser open(String name, Browser.Screen screen) {
        Browser browser = Browser.start(test + "-" + name, screen, ARTIFACTS);
        open.add(browser);
        return browser;
    }

    /** Artifact names say which test they belong to. */
    @Override
    public void beforeEach(ExtensionContext context) {
        test = context.getRequiredTestMethod().getName();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent();
        for (Browser browser : open) {
            if (failed) {
                try {
                    browser.screenshot("FAILED-" + browser.name + ".png");
                } catch (RuntimeException e) {
                    System.err.println("no failure screenshot of " + browser.name + ": " + e.getMessage());
                }
            }
            try {
                browser.saveConsoleLog((failed ? "FAILED-" : "") + browser.name + ".console.log");
            } catch (RuntimeException e) {
                System.err.println("no console log of " + browser.name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (Browser browser : open) {
            try {
                browser.quit();
            } catch (RuntimeException e) {
                System.err.println("closing " + browser.name + ": " + e.getMessage());
            }
        }
        open.clear();
    }
}

package com.gifchat.browser;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real headless Chromium browsers (Debian's chromium and chromedriver), one per person, kept across the tests of a
 * class and quit after them. When a test fails, each browser's screenshot and console log are saved under
 * target/browser-failures.
 */
final class Browsers implements AfterTestExecutionCallback, AfterAllCallback, AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path FAILURES = Path.of("target", "browser-failures");

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** Under CI=true a missing browser fails the tests: a skipped suite would hide a missing install step. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium or chromedriver is missing: install the chromium and chromium-driver packages");
        }
        assumeTrue(present, "Chromium is not installed: apt-get install chromium chromium-driver");
    }

    WebDriver open() {
        return open("en-US,en", false);
    }

    /** A browser whose person reads {@code languages} (its Accept-Language) and may ask for less motion. */
    WebDriver open(String languages, boolean reducedMotion) {
        try {
            Path profile = Files.createTempDirectory("gifchat-chromium");
            profiles.add(profile);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toString());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,800",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile, "--lang=" + languages.split(",")[0], "--accept-lang=" + languages);
            if (reducedMotion) {
                options.addArguments("--force-prefers-reduced-motion");
            }
            options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", languages));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            WebDriver driver = new ChromeDriver(options);
            drivers.add(driver);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        for (int i = 0; i < drivers.size(); i++) {
            WebDriver driver = drivers.get(i);
            try {
                Files.createDirectories(FAILURES);
                Path screenshot = FAILURES.resolve(test + "-browser" + i + ".png");
                Files.write(screenshot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                Path console = FAILURES.resolve(test + "-browser" + i + "-console.log");
                List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
                Files.writeString(console, "page: " + driver.getCurrentUrl() + "\n"
                    + entries.stream().map(LogEntry::toString).collect(Collectors.joining("\n")));
                System.out.println("browser " + i + " at failure: " + screenshot.toAbsolutePath() + " and " + console.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                System.out.println("could not save browser " + i + "'s state: " + e.getMessage());
            }
        }
    }

    /** Quits every browser of the class, whatever the class does after its tests: a browser left running stays. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        drivers.forEach(WebDriver::quit);
        drivers.clear();
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a profile left in /tmp is harmless
            }
        }
        profiles.clear();
    }
}

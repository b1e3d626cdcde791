package dev.assay.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with the system browser and driver named explicitly (Selenium never
 * downloads one). Skips the test with a clear message when Chromium is not installed (CI installs it: {@code .ci/run}).
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final int WIDTH = 1280;

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser start() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=" + WIDTH + ",900", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(WIDTH, 900));
        return new Browser(driver);
    }

    /** Waits up to 60 s; an element re-rendered under the wait (the live view redraws on every event) is looked up again. */
    WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** The text of the element {@code by} finds, looked up again if it is re-rendered while being read. */
    String text(org.openqa.selenium.By by) {
        return waiting().until(d -> d.findElement(by).getText());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** {@code document.documentElement.scrollWidth}: wider than the window means something overflows horizontally. */
    long scrollWidth() {
        return ((Number) js("return document.documentElement.scrollWidth")).longValue();
    }

    /** A screenshot of the whole page (the window grown to the page's height, at most 5000 px) under {@code target/screenshots/}. */
    Path screenshot(String name) {
        long height = Math.min(5000, Math.max(700, ((Number) js("return document.documentElement.scrollHeight")).longValue()));
        driver.manage().window().setSize(new Dimension(WIDTH, (int) height));
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(new Dimension(WIDTH, 900));
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}

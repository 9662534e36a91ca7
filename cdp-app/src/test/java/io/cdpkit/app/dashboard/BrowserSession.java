package io.cdpkit.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, which .ci/install-chromium installs)
 * signed in to a {@link DashboardFixture}'s dashboard: one per test class.
 */
final class BrowserSession implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final String base;

  private BrowserSession(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Skips the calling test class unless Chromium and its driver are installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: the dashboard browser tests need /usr/bin/chromium and /usr/bin/chromedriver"
            + " (Debian's chromium and chromium-driver; run .ci/install-chromium as root)");
  }

  /** Opens the address the dashboard prints, as a user does; it trades the token for a cookie. */
  static BrowserSession open(DashboardFixture fixture, Path directory) {
    return open(fixture.base, directory);
  }

  /** Opens the dashboard at {@code base} (signed in with {@link DashboardFixture#TOKEN}). */
  static BrowserSession open(String base, Path directory) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1500",
        "--user-data-dir=" + directory.resolve("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.get(base + "/?token=" + DashboardFixture.TOKEN);
    return new BrowserSession(driver, base);
  }

  /** Loads a page of the dashboard afresh by its hash route, {@code #/segments}. */
  void go(String route) {
    // Through a blank page: loading the address the browser is already on would keep the page.
    driver.get("about:blank");
    driver.get(base + "/" + route);
  }

  /** Waits of up to 10 s that retry while the page re-renders. */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  WebElement find(String css) {
    return waiting().until(d -> d.findElement(By.cssSelector(css)));
  }

  /** Waits until the element's text contains {@code text}. */
  void awaitText(String css, String text) {
    waiting().until(d -> d.findElement(By.cssSelector(css)).getText().contains(text));
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves the window as a PNG. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}

package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium ({@link BrowserSession}): every chart draws, the legends
 * name the series, a chart is created through the form, untrusted profile data shows as text.
 * Saves target/dashboard.png.
 */
final class DashboardBrowserTest {
  @TempDir static Path directory;
  static DashboardFixture fixture;
  static BrowserSession browser;
  static ChromeDriver driver;

  @BeforeAll
  static void start() {
    BrowserSession.assumeInstalled();
    fixture = DashboardFixture.start(directory);
    browser = BrowserSession.open(fixture, directory);
    driver = browser.driver;
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Waits that retry while the page re-renders a chart card (cards are replaced as they load). */
  private static WebDriverWait waiting() {
    return browser.waiting();
  }

  private static WebElement scansPerGate(org.openqa.selenium.WebDriver d) {
    return d.findElements(By.cssSelector(".chart")).stream()
        .filter(card -> card.findElement(By.tagName("h2")).getText().equals("Scans per gate"))
        .findFirst().orElseThrow(() -> new org.openqa.selenium.NoSuchElementException("no 'Scans per gate' chart yet"));
  }

  private static void awaitChartsRendered() {
    waiting().until(d -> !d.findElements(By.cssSelector(".chart")).isEmpty()
        && d.findElements(By.cssSelector(".chart:not([data-rendered])")).isEmpty());
  }

  private static long drawnPixels(WebElement canvas) {
    Object count = ((JavascriptExecutor) driver).executeScript(
        "const c = arguments[0]; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            + " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; } return n;", canvas);
    return ((Number) count).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<String> chartJsLegend(WebElement canvas) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return Chart.getChart(arguments[0]).legend.legendItems.map(item => item.text);", canvas);
  }

  @Test
  void dashboard_drawsEveryChart_createsOneThroughTheForm_andSavesAScreenshot() throws Exception {
    driver.get(fixture.base + "/#/");
    awaitChartsRendered();
    List<WebElement> cards = driver.findElements(By.cssSelector(".chart"));
    assertThat(cards).hasSize(ExampleCharts.festival().size());
    for (ChartDefinition chart : ExampleCharts.festival()) {
      WebElement card = driver.findElement(By.cssSelector(".chart[data-chart-id='" + chart.id() + "']"));
      assertThat(card.getAttribute("data-rendered")).as(chart.title()).isEqualTo("true");
      List<String> names = chart.series().stream().map(ChartSeries::name).toList();
      assertThat(card.findElements(By.cssSelector(".series-legend li")).stream().map(WebElement::getText))
          .as(chart.title()).containsExactlyElementsOf(names);
      if (chart.kind() == ChartKind.TABLE) {
        assertThat(card.findElements(By.cssSelector("tbody tr"))).as(chart.title()).hasSize(chart.last());
      } else {
        WebElement canvas = card.findElement(By.tagName("canvas"));
        assertThat(drawnPixels(canvas)).as(chart.title() + " drawn pixels").isGreaterThan(1_000);
        if (chart.kind() != ChartKind.PIE) {
          assertThat(chartJsLegend(canvas)).as(chart.title()).containsExactlyElementsOf(names);
        }
      }
      System.out.printf("dashboard browser %-20s %s%n", chart.id(), card.findElement(By.cssSelector(".timing")).getText());
    }

    driver.findElement(By.id("new-chart")).click();
    WebElement form = waiting().until(d -> d.findElement(By.id("chart-form")));
    form.findElement(By.name("title")).sendKeys("Scans per gate");
    new Select(form.findElement(By.name("kind"))).selectByValue("bar");
    new Select(form.findElement(By.name("source"))).selectByValue("event_property");
    form.findElement(By.name("field")).sendKeys("gate");
    WebElement series = form.findElement(By.cssSelector("fieldset.series"));
    series.findElement(By.name("name")).sendKeys("Scans");
    series.findElement(By.name("eventType")).sendKeys("ticket_scanned");
    series.findElement(By.name("yLabel")).sendKeys("scans");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waiting().until(d -> d.findElements(By.cssSelector(".chart h2")).stream().anyMatch(h -> h.getText().equals("Scans per gate")));
    awaitChartsRendered();
    long pixels = waiting().until(d -> drawnPixels(scansPerGate(d).findElement(By.tagName("canvas"))));
    List<String> legend = waiting().until(d -> chartJsLegend(scansPerGate(d).findElement(By.tagName("canvas"))));
    assertThat(pixels).isGreaterThan(1_000);
    assertThat(legend).containsExactly("Scans");
    assertThat(fixture.charts.list()).extracting(ChartDefinition::title).contains("Scans per gate");

    Path screenshot = Path.of("target", "dashboard.png");
    Files.createDirectories(screenshot.getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(screenshot)).isPositive();
  }

  @Test
  void chartForm_showsTheServersErrorForABadChart() {
    driver.get(fixture.base + "/#/");
    awaitChartsRendered();
    driver.findElement(By.id("new-chart")).click();
    WebElement form = waiting().until(d -> d.findElement(By.id("chart-form")));
    form.findElement(By.name("title")).sendKeys("Broken");
    form.findElement(By.cssSelector("fieldset.series [name=name]")).sendKeys("x");
    form.findElement(By.cssSelector("fieldset.series [name=segment]")).sendKeys("age <");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement error = form.findElement(By.cssSelector(".form-error"));
    waiting().until(d -> !error.getText().isEmpty());
    assertThat(error.getText()).startsWith("series[0].segment: Syntax error");
  }

  @Test
  void profilePage_showsAScriptAttributeAsText() {
    String id = fixture.cdp.findProfile(io.cdpkit.core.identity.Identifier.email(DashboardFixture.SCRIPT_EMAIL))
        .orElseThrow().id();
    driver.get(fixture.base + "/#/profile/" + id);
    WebElement attributes = waiting().until(d -> d.findElement(By.id("attributes")));
    assertThat(attributes.getText()).contains(DashboardFixture.SCRIPT_NAME);
    assertThat(driver.findElements(By.cssSelector("#view script"))).isEmpty();
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__xss === undefined;")).isEqualTo(true);

    driver.get(fixture.base + "/#/profiles");
    driver.findElement(By.id("profile-search")).sendKeys("mallory");
    driver.findElement(By.cssSelector("#view form button")).click();
    waiting().until(d -> d.findElement(By.id("profiles-table")).getText().contains(DashboardFixture.SCRIPT_NAME));
    assertThat(((JavascriptExecutor) driver).executeScript("return window.__xss === undefined;")).isEqualTo(true);
  }

  @Test
  void segmentsPage_showsTheParserErrorWithItsCaret() {
    driver.get(fixture.base + "/#/segments");
    WebElement editor = waiting().until(d -> d.findElement(By.id("expression")));
    editor.sendKeys("age < 30 or");
    driver.findElement(By.id("check-expression")).click();
    WebElement error = waiting().until(d -> d.findElement(By.cssSelector("#expression-result .error")));
    assertThat(error.getText()).contains("Syntax error at line 1, column").contains("age < 30 or").contains("^");
    editor.clear();
    editor.sendKeys("age < 30");
    driver.findElement(By.id("check-expression")).click();
    waiting().until(d -> d.findElement(By.id("expression-result")).getText().contains("profiles match"));
  }

  @Test
  void aPageOnAnotherOriginOfTheSameSite_canNeitherChangeNorReadTheDashboard() throws Exception {
    int before = fixture.charts.list().size();
    String page = "<!doctype html><title>attacker</title><script>\n"
        + "const target = '" + fixture.base + "';\n"
        + "const chart = JSON.stringify({title: 'planted', kind: 'bar', source: 'events_over_time', series: [{name: 'a'}]});\n"
        + "Promise.allSettled([\n"
        + "  fetch(target + '/api/charts', {method: 'POST', mode: 'no-cors', credentials: 'include',\n"
        + "      headers: {'Content-Type': 'text/plain'}, body: chart}),\n"
        + "  fetch(target + '/api/profiles', {credentials: 'include'}).then(r => r.text())\n"
        + "]).then(([post, read]) => {\n"
        + "  document.body.dataset.read = read.status === 'fulfilled' ? read.value : 'blocked';\n"
        + "  document.title = 'done';\n"
        + "});\n"
        + "</script>";
    HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    attacker.createContext("/", exchange -> {
      byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    attacker.start();
    try {
      // 127.0.0.1 on another port: the same site, so the browser even sends the SameSite cookie.
      driver.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
      waiting().until(d -> "done".equals(d.getTitle()));
      assertThat(driver.findElement(By.tagName("body")).getAttribute("data-read")).isEqualTo("blocked");
      assertThat(fixture.charts.list()).hasSize(before);
    } finally {
      attacker.stop(0);
    }
  }
}

package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.app.cli.Cli;
import io.cdpkit.core.Identify;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.workflows.Workflow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * What a marketer does in the dashboard, end to end in headless Chromium on the festival demo:
 * builds and saves a segment of blocks that the command line then lists, creates and enables a
 * workflow and sees its figures, merges and unmerges two customers, makes a group from a filter,
 * syncs a segment to a directory and runs the sync.
 * Last, saves a screenshot of each page under target/screenshots/, or under the folder the system
 * property {@value #SCREENSHOTS} names: the README gives the command that writes
 * the README's screenshots this way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class DashboardFlowsBrowserTest {
  /** The system property naming the folder the screenshots are written to. */
  static final String SCREENSHOTS = "cdp.screenshots";
  @TempDir static Path directory;
  static DashboardFixture fixture;
  static BrowserSession browser;

  @BeforeAll
  static void start() {
    BrowserSession.assumeInstalled();
    fixture = DashboardFixture.demoOnly(directory);
    browser = BrowserSession.open(fixture, directory);
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

  private static void type(WebElement field, String text) {
    field.clear();
    field.sendKeys(text + Keys.TAB);
  }

  private static String expression() {
    return browser.find("#expression").getAttribute("value");
  }

  @Test
  @Order(1)
  void segmentBuilder_attributeOrEventBlock_countsSavesAndTheCommandLineListsIt() {
    browser.go("#/segments");
    WebElement first = browser.find(".group[data-group='0'] .block.attribute");
    type(first.findElement(By.name("path")), "city");
    type(first.findElement(By.name("value")), "Leiden");
    browser.waiting().until(d -> expression().equals("city = \"Leiden\""));

    browser.find("#or-event").click();
    WebElement event = browser.find(".group[data-group='1'] .block.event");
    new Select(event.findElement(By.name("eventType"))).selectByValue("ticket_bought");
    new Select(browser.find(".group[data-group='1'] .block.event select[name=window]")).selectByValue("betweenAgo");
    type(browser.find(".group[data-group='1'] .block.event input[name=to]"), "10");
    browser.find(".group[data-group='1'] .block.event .add-filter").click();
    type(browser.find(".group[data-group='1'] [name=where-path]"), "festival");
    type(browser.find(".group[data-group='1'] [name=where-value]"), "The Festival 2018");

    String expected = "city = \"Leiden\" or event \"ticket_bought\" between 1 and 10 years ago"
        + " where festival = \"The Festival 2018\"";
    browser.waiting().until(d -> expression().equals(expected));
    long count = fixture.segments.countMatching(expected);
    assertThat(count).isGreaterThan(fixture.segments.countMatching("city = \"Leiden\""));
    browser.waiting().until(d -> String.valueOf(count).equals(browser.find("#segment-count").getAttribute("data-count")));

    type(browser.find("#segment-name"), "leiden or festival goers");
    type(browser.find("#segment-description"), "Lives in Leiden, or bought a 2018 ticket");
    browser.find("#save-segment").click();
    browser.awaitText("#save-status", "Saved");
    browser.awaitText("#segment-list", "leiden or festival goers");

    StringWriter out = new StringWriter();
    int exit = Cli.commandLine().setOut(new PrintWriter(out))
        .execute("--db", fixture.db.toString(), "segment", "list");
    assertThat(exit).isZero();
    assertThat(out.toString()).containsPattern("leiden or festival goers\\s+" + count + "\\s+" + java.util.regex.Pattern.quote(expected));
  }

  @Test
  @Order(2)
  void segmentBuilder_aTypedExpressionOpensAsBlocks_elseStaysText() {
    browser.go("#/segments");
    WebElement editor = browser.find("#expression");
    editor.sendKeys("age < 30 and event \"bar_purchase\" at least 2 in the last 10 years");
    browser.waiting().until(d -> browser.find(".block.event select[name=eventType]").getAttribute("value").equals("bar_purchase"));
    assertThat(browser.find(".block.attribute input[name=path]").getAttribute("value")).isEqualTo("age");
    assertThat(browser.find(".block.event input[name=times]").getAttribute("value")).isEqualTo("2");
    assertThat(browser.find(".block.event select[name=unit]").getAttribute("value")).isEqualTo("years");
    long count = fixture.segments.countMatching("age < 30 and event \"bar_purchase\" at least 2 in the last 10 years");
    browser.waiting().until(d -> String.valueOf(count).equals(browser.find("#segment-count").getAttribute("data-count")));

    editor.clear();
    editor.sendKeys("not age < 30");
    browser.awaitText("#text-only", "no block form");
    assertThat(browser.driver.findElements(By.cssSelector(".block"))).isEmpty();
  }

  @Test
  @Order(3)
  void segmentList_refusesToDeleteASegmentInUse_withTheReason() {
    fixture.platform.workflows().save(Workflow.fromJson("{\"name\":\"under-30-follow-up\",\"trigger\":{\"type\":\"enteredSegment\","
        + "\"segment\":\"under 30 with an email\"},\"consent\":{\"ignoreConsent\":true},"
        + "\"steps\":[{\"type\":\"wait\",\"id\":\"w\",\"duration\":\"P1D\"}]}"));
    browser.go("#/segments");
    WebElement actions = browser.find("[data-segment='under 30 with an email']");
    actions.findElement(By.cssSelector("button.delete")).click();
    browser.driver.switchTo().alert().accept();
    browser.awaitText("#list-status", "under-30-follow-up");
    assertThat(fixture.segments.find("under 30 with an email")).isPresent();
  }

  @Test
  @Order(4)
  void workflows_createFromTheForm_enable_andSeeTheFigures() {
    browser.go("#/workflows");
    WebElement form = browser.find("#workflow-form");
    type(form.findElement(By.name("name")), "leiden-welcome");
    new Select(form.findElement(By.name("triggerType"))).selectByValue("broadcastOnly");
    new Select(form.findElement(By.name("goalType"))).selectByValue("event");
    new Select(form.findElement(By.name("goalEvent"))).selectByValue("bar_purchase");
    form.findElement(By.name("exitOnGoal")).click();
    new Select(form.findElement(By.cssSelector("fieldset.step [name=stepType]"))).selectByValue("sendEmail");
    browser.find("#create-workflow").click();
    browser.awaitText("h2", "Workflow leiden-welcome");
    assertThat(fixture.platform.workflows().get("leiden-welcome").enabled()).isFalse();
    assertThat(browser.find("main dl").getText()).contains("Broadcast only").contains("Needs email consent")
        .contains("Event \"bar_purchase\", exits on goal");
    assertThat(browser.find("ol.steps").getText()).contains("Send email \"Hello {{first_name}}\" to Email");

    browser.find("input.enable").click();
    browser.waiting().until(d -> fixture.platform.workflows().get("leiden-welcome").enabled());
    browser.awaitText(".switch", "on");
    new Select(browser.find("#broadcast-segment")).selectByVisibleText("leiden or festival goers");
    browser.find("#broadcast").click();
    browser.awaitText("#workflow-status", "members enrolled");
    long entered = fixture.platform.workflows().figures("leiden-welcome").entered();
    assertThat(entered).isPositive();
    assertThat(browser.find("[data-figure=entered] .value").getText()).isEqualTo(String.valueOf(entered));

    browser.go("#/workflows");
    WebElement row = browser.waiting().until(d -> d.findElements(By.cssSelector("#workflow-list tbody tr")).stream()
        .filter(tr -> tr.getText().startsWith("leiden-welcome")).findFirst().orElse(null));
    assertThat(row.findElement(By.cssSelector("input.enable")).isSelected()).isTrue();
    assertThat(row.getText()).contains(String.valueOf(entered));
  }

  @Test
  @Order(5)
  void customers_mergeTwoBySearch_thenUnmerge() {
    String merle = fixture.cdp.identify(Identify.builder().email("merle.merge@example.com").set("first_name", "Merle").build()).id();
    String bas = fixture.cdp.identify(Identify.builder().email("bas.merge@example.com").set("first_name", "Bas").build()).id();
    browser.go("#/profile/" + merle);
    browser.awaitText("#profile-name", "Merle");
    browser.find("#merge-search").sendKeys("bas.merge");
    browser.find("#merge-find").click();
    browser.find("#merge-results button.merge").click();
    browser.waiting().until(d -> fixture.cdp.findProfile(bas).orElseThrow().id()
        .equals(fixture.cdp.findProfile(merle).orElseThrow().id()));
    // Both were created at the same instant: either may survive.
    String survivor = fixture.cdp.findProfile(bas).orElseThrow().id();
    browser.waiting().until(d -> d.getCurrentUrl().endsWith("#/profile/" + survivor));
    browser.awaitText("#linked", survivor.equals(merle) ? "Bas" : "Merle");
    assertThat(fixture.cdp.findProfile(Identifier.email("bas.merge@example.com")).orElseThrow().id())
        .isEqualTo(fixture.cdp.findProfile(Identifier.email("merle.merge@example.com")).orElseThrow().id());

    browser.find("#linked button.unmerge").click();
    browser.awaitText("#profile-status", "taken back out");
    assertThat(browser.find("#linked").getText()).isEqualTo("No linked customers.");
    assertThat(fixture.cdp.findProfile(Identifier.email("bas.merge@example.com")).orElseThrow().id()).isEqualTo(bas);
    assertThat(fixture.cdp.findProfile(Identifier.email("merle.merge@example.com")).orElseThrow().id()).isEqualTo(merle);
  }

  @Test
  @Order(6)
  void customers_groupFromAFilter() {
    browser.go("#/customers");
    WebElement filter = browser.find("#customer-filter");
    type(filter.findElement(By.name("property")), "city");
    type(filter.findElement(By.name("value")), "Leiden");
    browser.find("#apply-filter").click();
    long leiden = fixture.segments.countMatching("city = \"Leiden\"");
    browser.awaitText("#customer-summary", leiden + " customers match city = \"Leiden\"");
    type(browser.find("#group-name"), "leiden-visitors");
    browser.find("#group-from-filter").click();
    browser.awaitText("#group-status", "has " + leiden + " customers");
    List<StaticGroup> groups = fixture.segments.groups();
    assertThat(groups).filteredOn(group -> group.name().equals("leiden-visitors"))
        .singleElement().extracting(StaticGroup::members).isEqualTo(leiden);
  }

  @Test
  @Order(7)
  void segmentList_syncsASegmentToADirectory_thatTheCommandLineKeeps_andRunsIt() throws Exception {
    Path exports = directory.resolve("exports");
    browser.go("#/segments");
    browser.find("[data-segment='leiden or festival goers'] button.sync").click();
    WebElement form = browser.find("#sync-form");
    new Select(form.findElement(By.name("kind"))).selectByValue("file");
    type(form.findElement(By.name("target")), exports.toString());
    browser.find("#add-sync").click();
    browser.awaitText("#sync-status", "Syncing \"leiden or festival goers\" to file");
    browser.awaitText("#sync-list", "not started");

    StringWriter out = new StringWriter();
    assertThat(Cli.commandLine().setOut(new PrintWriter(out)).execute("--db", fixture.db.toString(), "sync", "status")).isZero();
    assertThat(out.toString()).contains("leiden or festival goers -> file (file:" + exports + ")");

    long members = fixture.segments.count("leiden or festival goers");
    browser.find("[data-sync='leiden or festival goers -> file'] button.run").click();
    browser.awaitText("#sync-status", "1 batches, " + members + " added, 0 removed, 0 failures");
    browser.awaitText("#sync-list", "active");
    try (var files = java.nio.file.Files.list(exports)) {
      assertThat(files.map(file -> file.getFileName().toString())).anyMatch(name -> name.contains("snapshot"));
    }
    out = new StringWriter();
    assertThat(Cli.commandLine().setOut(new PrintWriter(out)).execute("--db", fixture.db.toString(), "sync", "status")).isZero();
    assertThat(out.toString()).contains("active, " + members + " members sent");
  }

  @Test
  @Order(8)
  void screenshotsOfEveryPage() throws Exception {
    Path folder = Path.of(System.getProperty(SCREENSHOTS, Path.of("target", "screenshots").toString()));
    browser.go("#/");
    browser.waiting().until(d -> !d.findElements(By.cssSelector(".chart")).isEmpty()
        && d.findElements(By.cssSelector(".chart:not([data-rendered])")).isEmpty());
    browser.screenshot(folder.resolve("dashboard.png"));
    browser.go("#/customers");
    browser.awaitText("#profiles-table", "Email");
    browser.screenshot(folder.resolve("customers.png"));
    String ann = fixture.cdp.findProfile(Identifier.email("ann.0@example.com")).orElseThrow().id();
    browser.go("#/profile/" + ann);
    browser.awaitText("#profile-name", "Ann");
    browser.screenshot(folder.resolve("profile.png"));
    browser.go("#/segments");
    browser.awaitText("#segment-list", "leiden or festival goers");
    browser.find("[data-segment='leiden or festival goers'] button").click();
    browser.waiting().until(d -> !d.findElements(By.cssSelector(".block.event")).isEmpty());
    browser.screenshot(folder.resolve("segments.png"));
    browser.go("#/workflows");
    browser.awaitText("#workflow-list", "leiden-welcome");
    browser.screenshot(folder.resolve("workflows.png"));
    browser.go("#/workflows/leiden-welcome");
    browser.awaitText("h2", "leiden-welcome");
    browser.screenshot(folder.resolve("workflow.png"));
    browser.go("#/insights");
    browser.find("#trend-chart[data-rendered]");
    browser.awaitText("#event-detail", "Top values");
    // A property's values are counted on request: open the first one's.
    browser.find("#event-detail [data-property] button").click();
    browser.find("#event-detail [data-property] table");
    browser.screenshot(folder.resolve("insights.png"));
  }
}

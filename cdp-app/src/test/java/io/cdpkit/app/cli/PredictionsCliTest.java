package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class PredictionsCliTest extends CliTestBase {

  @Test
  void show_beforeAnyFit_failsSayingWhatToRun() {
    Result result = cdp("predictions", "show", "p-1001");

    assertThat(result.exit()).isEqualTo(Cli.FAILED);
    assertThat(result.err()).isEqualTo("cdp: no fit yet: run 'cdp predictions fit' first");
  }

  @Test
  void fit_thinData_predictsNothingAndShowSaysWhy() {
    Result fit = cdp("predictions", "fit");
    Result show = cdp("predictions", "show", "email:ann@example.com");

    assertThat(fit.exit()).isZero();
    assertThat(fit.out()).contains("customers 1, repeat customers 1", "no predictions",
        "note: too few customers: 1 profiles with a 'purchase' event, the minimum is 100");
    assertThat(show.exit()).isZero();
    assertThat(show.out()).contains("profile p-1001")
        .contains("no predictions: too few customers").doesNotContain("order_likelihood");
  }

  @Test
  void fit_enoughCustomers_keepsTheFitAndShowPrintsAProfilesPredictions() throws IOException {
    assertThat(cdp("import", "events", shop().toString(), "--format", "jsonl").exit()).isZero();

    Result fit = cdp("predictions", "fit", "--min-customers", "100", "--min-repeat-customers", "20", "--json");
    Result show = cdp("predictions", "show", "email:c7@example.com");
    Result json = cdp("predictions", "show", "email:c7@example.com", "--json");

    assertThat(fit.exit()).isZero();
    assertThat(fit.out()).contains("\"customers\": 151", "\"predicts\": true", "\"purchases\": {\"r\": ");
    assertThat(cdp("predictions", "show", "email:c7@example.com").exit()).as("the fit is kept").isZero();
    assertThat(show.out()).contains("order_likelihood", "expected_orders", "engagement", "winback_zone");
    assertThat(json.out()).contains("\"predictions\": {").contains("\"order_likelihood\": ");
    assertThat(cdp("profile", "show", "email:c7@example.com").out()).contains("predictions", "order_likelihood ");
    assertThat(cdp("profile", "show", "email:c7@example.com", "--json").out()).contains("\"predictions\": {\"engagement\": ");

    assertThat(cdp("segment", "count", "$computed.order_likelihood >= 0").out())
        .as("every fitted customer has a likelihood, readable in segments").isEqualTo("151");
    assertThat(cdp("segment", "save", "sure", "$computed.order_likelihood > 1").exit()).isZero();
    assertThat(cdp("segment", "count", "sure").out()).isEqualTo("0");
    assertThat(cdp("segment", "save", "fitted", "$computed.engagement >= 1").exit()).isZero();
    assertThat(cdp("segment", "count", "fitted").out()).isEqualTo("151");
  }

  @Test
  void segments_knowThePredictionNamesBeforeAnyFit() {
    assertThat(cdp("segment", "count", "$computed.winback_zone = 1").out())
        .as("a known name without values yet").isEqualTo("0");
    Result unknown = cdp("segment", "count", "$computed.winback = 1");
    assertThat(unknown.exit()).isEqualTo(Cli.FAILED);
    assertThat(unknown.err()).contains("$computed.winback", "line 1, column 1");
  }

  @Test
  void profileShow_withoutAFit_hasNoPredictionsLine() {
    assertThat(cdp("profile", "show", "p-1001").out()).doesNotContain("predictions");
  }

  /** 150 customers ordering every 5 to 40 days, from up to a year ago, some of them stopping. */
  private Path shop() throws IOException {
    StringBuilder lines = new StringBuilder();
    Instant now = Instant.parse(NOW);
    for (int c = 0; c < 150; c++) {
      int every = 5 + (c * 7) % 36;
      int orders = 1 + c % 6;
      Instant at = now.minus(Duration.ofDays(30 + (c * 13) % 330));
      for (int o = 0; o < orders && at.isBefore(now); o++, at = at.plus(Duration.ofDays(every))) {
        lines.append("{\"identifiers\": [{\"type\": \"email\", \"value\": \"c").append(c)
            .append("@example.com\"}], \"type\": \"purchase\", \"timestamp\": \"").append(at)
            .append("\", \"properties\": {\"amount\": ").append(10 + (c * o) % 50).append("}}\n");
      }
    }
    return file("shop.jsonl", lines.toString());
  }
}

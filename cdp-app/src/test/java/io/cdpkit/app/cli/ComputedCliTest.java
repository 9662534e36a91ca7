package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cdp computed}: a computed attribute defined once is known to every later command, in
 * ad-hoc and saved segments; an undefined one is refused with its position.
 */
class ComputedCliTest extends CliTestBase {

  @Test
  void aDefinitionStoredOnce_worksInLaterCommandsAndSavedSegments() throws IOException {
    assertThat(cdp("computed", "define", "ltv=sum:purchase:amount").out())
        .isEqualTo("defined $computed.ltv");
    assertThat(cdp("segment", "count", "$computed.ltv > 25").out()).isEqualTo("1");
    assertThat(cdp("segment", "save", "valuable", "$computed.ltv > 25").exit()).isZero();

    // Another command (another process in real use) stores a purchase: the saved segment follows.
    Path more = file("more.jsonl", "{\"id\": \"e-9\", \"profile_id\": \"p-1002\", \"type\": \"purchase\","
        + " \"timestamp\": \"2026-05-31T12:00:00Z\", \"properties\": {\"amount\": 30}}\n");
    assertThat(cdp("import", "events", more.toString(), "--format", "jsonl").exit()).isZero();
    assertThat(cdp("segment", "count", "valuable").out()).isEqualTo("2");
    assertThat(cdp("segment", "members", "valuable").out()).contains("p-1001").contains("p-1002");

    assertThat(cdp("computed", "list", "--json").out()).isEqualTo("{\"computed\": [{\"name\": \"ltv\","
        + " \"kind\": \"sum\", \"type\": \"purchase\", \"property\": \"amount\", \"window\": null}]}");
  }

  @Test
  void anUndefinedComputedAttribute_isRefusedWithItsPosition() {
    assertThat(cdp("computed", "define", "orders=count:purchase@30").exit()).isZero();

    Result unknown = cdp("segment", "count", "age > 1 and $computed.ltv > 25");

    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.err()).contains("$computed.ltv").contains("line 1, column 13").contains("orders");
  }

  @Test
  void deleteRemovesADefinition() {
    assertThat(cdp("computed", "define", "ltv=sum:purchase:amount").exit()).isZero();
    assertThat(cdp("computed", "delete", "ltv").out()).isEqualTo("deleted $computed.ltv");
    assertThat(cdp("segment", "count", "$computed.ltv > 25").exit()).isNotZero();
    Result again = cdp("computed", "delete", "ltv");
    assertThat(again.exit()).isNotZero();
    assertThat(again.err()).contains("ltv");
  }
}

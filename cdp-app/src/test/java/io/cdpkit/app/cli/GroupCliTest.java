package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code cdp group}: static groups from the command line, read back by {@code in group}. */
class GroupCliTest extends CliTestBase {

  @Test
  void aGroupIsCreatedFilledAndReadBackBySegments() {
    assertThat(cdp("group", "create", "vip").out()).isEqualTo("created group vip");
    assertThat(cdp("group", "add", "vip", "email:ann@example.com", "p-1003").out()).isEqualTo("added 2 to vip");
    assertThat(cdp("group", "add-matching", "vip", "age >= 40").out()).isEqualTo("added 1 to vip");
    assertThat(cdp("group", "members", "vip", "--json").out())
        .isEqualTo("{\"count\": 3, \"members\": [\"p-1001\", \"p-1002\", \"p-1003\"]}");
    assertThat(cdp("segment", "count", "in group \"vip\" and age < 30").out()).isEqualTo("2");
    assertThat(cdp("group", "remove", "vip", "p-1003").out()).isEqualTo("removed 1 from vip");
    assertThat(cdp("group", "list").out()).contains("vip").contains("2").endsWith("1 group");
  }

  @Test
  void anUnknownGroupOrPerson_failsWithTheName() {
    Result unknownGroup = cdp("group", "add", "nope", "p-1001");
    assertThat(unknownGroup.exit()).isNotZero();
    assertThat(unknownGroup.err()).contains("nope");
    Result unknownPerson = cdp("group", "add", "nope", "email:nobody@example.com");
    assertThat(unknownPerson.exit()).isNotZero();
    assertThat(cdp("group", "--help").out()).contains("add-matching");
  }

  @Test
  void aGroupIsDeletedWhenConfirmed_unlessASegmentReadsIt() {
    cdp("group", "create", "vip");
    cdp("group", "create", "old");
    cdp("segment", "save", "vips", "in group \"vip\"");

    assertThat(cdp("group", "delete", "old").exit()).isEqualTo(Cli.USAGE);
    assertThat(cdp("group", "delete", "old", "--yes").out()).isEqualTo("deleted group old");
    Result used = cdp("group", "delete", "vip", "--yes");
    assertThat(used.exit()).isEqualTo(Cli.FAILED);
    assertThat(used.err()).contains("'vip' is used by segment:vips");
    assertThat(cdp("group", "delete", "nope", "--yes").err()).isEqualTo("cdp: No group named 'nope'");
  }
}

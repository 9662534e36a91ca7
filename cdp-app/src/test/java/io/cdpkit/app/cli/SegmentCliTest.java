package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cdp segment update|rename|duplicate|delete}, export of an expression, and the one rule
 * for names and expressions; {@link SegmentCliPostgresTest} runs the same on PostgreSQL.
 */
class SegmentCliTest extends CliTestBase {

  @Test
  void updateRenameDuplicateAndDelete() {
    cdp("segment", "save", "adults", "age >= 21", "--description", "grown-ups");

    assertThat(cdp("segment", "update", "adults", "age >= 30").out()).isEqualTo("updated adults: 1 member");
    assertThat(cdp("segment", "rename", "adults", "over30").out()).isEqualTo("renamed adults to over30");
    assertThat(cdp("segment", "duplicate", "over30", "copy", "--json").out())
        .isEqualTo("{\"name\": \"copy\", \"expression\": \"age >= 30\", \"count\": 1}");
    assertThat(cdp("segment", "delete", "copy", "--yes").out()).isEqualTo("deleted segment copy");
    assertThat(cdp("segment", "list").out()).startsWith("over30").endsWith("1 segment");
  }

  @Test
  void deleteIsRefusedWhileInUse_withTheUser() {
    cdp("segment", "save", "adults", "age >= 21");
    cdp("segment", "save", "old", "in segment \"adults\" and age > 35");
    cdp("sync", "add", "old", "--to", "file:" + dir.resolve("out"));

    Result unconfirmed = cdp("segment", "delete", "adults");
    Result usedBySegment = cdp("segment", "delete", "adults", "--yes");
    Result usedBySync = cdp("segment", "delete", "old", "--yes");

    assertThat(unconfirmed.exit()).isEqualTo(Cli.USAGE);
    assertThat(usedBySegment.exit()).isEqualTo(Cli.FAILED);
    assertThat(usedBySegment.err()).isEqualTo("cdp: 'adults' is used by segment:old; remove those uses first");
    assertThat(usedBySync.err()).isEqualTo("cdp: 'old' is used by destination:file; remove those uses first");
    assertThat(cdp("segment", "count", "old").out()).isEqualTo("1");
  }

  @Test
  void exportTakesAnExpressionOrAName() throws IOException {
    Path out = dir.resolve("adults.csv");
    Result export = cdp("segment", "export", "age >= 21", "--out", out.toString(), "--columns", "id,age");

    assertThat(export.out()).isEqualTo("exported 2 profiles to " + out);
    assertThat(Files.readString(out)).isEqualTo("id,age\np-1001,25\np-1002,40\n");
  }

  @Test
  void namesThatReadAsExpressionsAreRefused_andUnknownNamesSaySo() {
    Result expressionName = cdp("segment", "save", "age > 30", "age < 30");
    Result keywordName = cdp("segment", "save", "everyone", "age = 1");
    cdp("segment", "save", "adults", "age >= 21");
    Result typo = cdp("segment", "count", "adlts");
    Result syntax = cdp("segment", "count", "age >>> 3");

    assertThat(expressionName.exit()).isEqualTo(Cli.FAILED);
    assertThat(expressionName.err()).startsWith("cdp: Invalid NAME: \"age > 30\" (is an expression too");
    assertThat(keywordName.err()).startsWith("cdp: Invalid NAME: \"everyone\" (is an expression too");
    assertThat(cdp("segment", "count", "everyone").out()).isEqualTo("3");
    assertThat(typo.err()).isEqualTo(
        "cdp: No saved segment named 'adlts' (saved: adults), and it is not an expression either");
    assertThat(cdp("segment", "count", "adlts", "--json").out()).endsWith("\"kind\": \"segment_not_found\"}");
    assertThat(syntax.err()).isEqualTo("cdp: Syntax error at line 1, column 6: expected a value (string,"
        + " number, true, false, date or date-time), found \">\"\nage >>> 3\n     ^");
  }
}

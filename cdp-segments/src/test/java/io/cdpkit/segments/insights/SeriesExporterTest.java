package io.cdpkit.segments.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.exchange.DataFormat;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class SeriesExporterTest {
  private static final List<Series> SERIES = List.of(
      new Series("purchases, EUR", List.of(
          new Bucket(Instant.parse("2026-06-08T00:00:00Z"), new BigDecimal("12.50")),
          new Bucket(Instant.parse("2026-06-09T00:00:00Z"), new BigDecimal("1E+2")))),
      new Series("views", List.of(new Bucket(Instant.parse("2026-06-08T00:00:00Z"), BigDecimal.ZERO))));

  @Test
  @DisplayName("CSV has a header, one row per bucket, quoting where needed and plain decimals")
  void csv() {
    StringWriter out = new StringWriter();

    long rows = SeriesExporter.of().write(SERIES, out, DataFormat.CSV);

    assertThat(rows).isEqualTo(3);
    assertThat(out.toString()).isEqualTo("""
        series,start,value
        "purchases, EUR",2026-06-08T00:00:00Z,12.5
        "purchases, EUR",2026-06-09T00:00:00Z,100
        views,2026-06-08T00:00:00Z,0
        """);
  }

  @Test
  @DisplayName("JSON Lines has one object per bucket with the chosen columns and a numeric value")
  void jsonLines() {
    StringWriter out = new StringWriter();

    SeriesExporter.of(List.of("value", "start")).write(SERIES.subList(0, 1), out, DataFormat.JSON_LINES);

    assertThat(out.toString()).isEqualTo("""
        {"value":12.5,"start":"2026-06-08T00:00:00Z"}
        {"value":100,"start":"2026-06-09T00:00:00Z"}
        """);
  }

  @Test
  @DisplayName("an unknown or empty column choice is refused")
  void columns() {
    assertThatThrownBy(() -> SeriesExporter.of(List.of("start", "count")))
        .hasMessageContaining("unknown series column 'count'");
    assertThatThrownBy(() -> SeriesExporter.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}

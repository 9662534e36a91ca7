package io.cdpkit.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.testing.TestClock;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Exporting a list of members page by page holds one profile at a time, never the whole list. */
final class ProfileExporterStreamingTest {
  private final Cdp cdp = Cdp.builder().clock(TestClock.at(Instant.parse("2026-06-01T12:00:00Z"))).build();

  @AfterEach
  void close() {
    cdp.close();
  }

  @Test
  @DisplayName("each id is read only after the profile before it is written, and stale ids are skipped")
  void streams() {
    for (int i = 1; i <= 5; i++) {
      cdp.identify(Identify.builder().profileId("p-" + i).email("u" + i + "@example.com").build());
    }
    String survivor = cdp.merge(List.of("p-4", "p-5"), "test").id();
    String merged = survivor.equals("p-4") ? "p-5" : "p-4";
    StringWriter out = new StringWriter();
    List<Long> linesWhenRead = new ArrayList<>();
    Iterator<String> ids = List.of("p-1", "p-2", "gone", merged, "p-3").iterator();
    Iterator<String> watched = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public String next() {
        linesWhenRead.add(out.toString().lines().count());
        return ids.next();
      }
    };

    long written = ProfileExporter.of(cdp)
        .exportDistinct(watched, out, ExportOptions.of(DataFormat.JSON_LINES));

    assertThat(written).isEqualTo(3);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("\"p-1\"");
    assertThat(lines.get(1)).contains("\"p-2\"");
    assertThat(lines.get(2)).contains("\"p-3\"");
    // Each id is read once the profiles before it are written: nothing is collected first.
    assertThat(linesWhenRead).containsExactly(0L, 1L, 2L, 2L, 2L);
  }
}

package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar cdp.jar demo} on a fresh file: the festival story, and a file others can explore. */
final class DemoJarTest {
  @TempDir Path dir;

  @Test
  void demo_tellsTheFestivalStory_onAFreshFile() {
    JarCdp.Result demo = JarCdp.run(dir, List.of("--db", "festival.db", "demo"));
    JarCdp.Result count = JarCdp.run(dir, List.of("--db", "festival.db", "segment", "count", "everyone"));

    assertThat(demo.exit()).as(demo.toString()).isZero();
    assertThat(demo.out()).startsWith("store: ").contains(", new\n", "== The festival in numbers", "== One visitor")
        .containsPattern("\nstored: \\d+ profiles, \\d+ events in ");
    assertThat(count.exit()).as(count.toString()).isZero();
    assertThat(Long.parseLong(count.out())).isPositive();
  }
}

package io.cdpkit.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.segments.Segments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The prediction-driven segments the READMEs show are valid and read only names predictions answer. */
final class ReadmeTest {
  private static final Pattern SAVE = Pattern.compile("segments\\.save\\(\\s*\"[^\"]*\",\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\)");

  @Test
  void readmeSegments_saveOnPredictions() throws IOException {
    List<String> expressions = new ArrayList<>();
    expressions.addAll(saved(Path.of("README.md")));
    expressions.addAll(saved(Path.of("../README.md")).stream().filter(e -> e.contains("$computed")).toList());
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(3);
    try (Cdp cdp = Cdp.inMemory();
        Predictions predictions = Predictions.attach(cdp);
        Segments segments = Segments.builder(cdp).computed(predictions).build()) {
      int n = 0;
      for (String expression : expressions) {
        segments.save("readme-" + n++, predictions.check(expression).print());
      }
    }
  }

  private static List<String> saved(Path readme) throws IOException {
    Matcher matcher = SAVE.matcher(Files.readString(readme, StandardCharsets.UTF_8));
    List<String> expressions = new ArrayList<>();
    while (matcher.find()) {
      expressions.add(matcher.group(1).replace("\\\"", "\""));
    }
    return expressions;
  }
}

package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.internal.AttributeJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the shared conformance files (src/test/resources/conformance) against the evaluator. */
final class ConformanceTest {
  static final List<String> FILES = List.of("public-examples.json", "semantics.json");

  @TestFactory
  Stream<DynamicTest> conformance_everyCase_evaluatesToExpected() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (String file : FILES) {
      JsonNode doc = load(file);
      Map<String, Fixtures.Fixture> fixtures = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> entries = doc.get("fixtures").fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        fixtures.put(entry.getKey(), Fixtures.fixture(entry.getValue()));
      }
      for (JsonNode c : doc.get("cases")) {
        String expression = c.get("expression").asText();
        boolean expected = c.get("expected").asBoolean();
        Fixtures.Fixture fixture = fixtures.get(c.get("fixture").asText());
        tests.add(DynamicTest.dynamicTest(file + ": " + expression + " -> " + expected, () -> {
          SegmentExpression parsed = SegmentExpression.parse(expression);
          boolean actual = parsed.compile()
              .evaluate(fixture.profile(), fixture.events(), fixture.context());
          assertThat(actual)
              .as("%s%n%s", expression,
                  parsed.explain(fixture.profile(), fixture.events(), fixture.context()).render())
              .isEqualTo(expected);
          SegmentExpression reparsed = SegmentExpression.parse(parsed.print());
          assertThat(reparsed.compile()
                  .evaluate(fixture.profile(), fixture.events(), fixture.context()))
              .as("canonical form %s", parsed.print())
              .isEqualTo(expected);
        }));
      }
    }
    return tests.stream();
  }

  static JsonNode load(String file) throws IOException {
    try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + file)) {
      assertThat(in).as(file).isNotNull();
      return AttributeJson.mapper().readTree(in);
    }
  }
}

package io.cdpkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input raises one exception family naming field, value and rule, and stores nothing. */
final class BadInputTest {
  private final Cdp cdp = Cdp.inMemory();

  @AfterEach
  void close() {
    cdp.close();
  }

  @Test
  void blankOrLongIds_areRefused() {
    assertRefused(() -> Identify.builder().profileId(" "), "profileId", "must not be blank");
    assertRefused(() -> Identify.builder().profileId("x".repeat(257)), "profileId", "at most 256");
    assertRefused(() -> Identify.builder().profileId(" p1"), "profileId", "whitespace");
    assertRefused(() -> Track.builder("view").eventId(""), "eventId", "must not be blank");
  }

  @Test
  void badEventTypes_areRefused() {
    assertRefused(() -> Track.builder(""), "type", "must not be blank");
    assertRefused(() -> Track.builder("t".repeat(201)), "type", "at most 200");
    assertRefused(() -> Track.builder("line\nbreak"), "type", "control characters");
  }

  @Test
  void timestampsOutsideTheSaneRange_areRefused() {
    assertRefused(
        () -> Track.builder("view").timestamp(Instant.parse("1899-12-31T23:59:59Z")),
        "timestamp",
        "from 1900-01-01T00:00:00Z");
    assertRefused(
        () -> Identify.builder().timestamp(Instant.parse("2200-01-01T00:00:00Z")),
        "timestamp",
        "before 2200-01-01T00:00:00Z");
  }

  @Test
  void badAttributeNamesAndValues_areRefused() {
    assertRefused(() -> Identify.builder().set("", 1), "attribute name", "must not be empty");
    assertRefused(() -> Identify.builder().set("a\tb", 1), "attribute name", "control characters");
    assertRefused(() -> Identify.builder().increment("n", Double.NaN), "number", "must be finite");
    assertRefused(() -> Track.builder("view").property("p", Double.NEGATIVE_INFINITY), "number", "must be finite");
  }

  @Test
  void jsonThatIsNotAnObject_isRefusedWhereAnObjectIsNeeded() {
    assertThatThrownBy(() -> io.cdpkit.core.internal.AttributeJson.parseObject("[1,2]"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("must be a JSON object"));
  }

  @Test
  void aBatchWithOneBadItem_storesNothingAndNamesTheItem() {
    cdp.identify(Identify.builder().profileId("text").set("n", "text").build());
    var batch =
        java.util.List.of(
            Track.builder("view").profileId("p1").build(),
            Track.builder("view").profileId("p2").properties(ObjectValue.of(Map.of("k", 1))).build());
    cdp.trackAll(batch);
    long events = cdp.countEvents();
    var bad =
        java.util.List.of(
            Identify.builder().profileId("p3").set("a", 1).build(),
            Identify.builder().profileId("text").increment("n", 1).build());
    assertThatThrownBy(() -> cdp.identifyAll(bad))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("requests[1].attributes.n");
              assertThat(e.value()).isEqualTo("\"text\"");
            });
    assertThat(cdp.findProfile("p3")).isEmpty();
    assertThat(cdp.countEvents()).isEqualTo(events);
  }

  @Test
  void exceptionMessage_namesFieldValueAndRule() {
    InvalidInputException e = new InvalidInputException("age", "x".repeat(200), "must be a number");
    assertThat(e.getMessage()).startsWith("Invalid age: \"xxx").endsWith("...\" (must be a number)");
    assertThat(e.value()).hasSize(83);
  }

  private static void assertRefused(Runnable call, String field, String ruleFragment) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.rule()).contains(ruleFragment);
            });
  }
}

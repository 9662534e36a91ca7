package io.cdpkit.workflows.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

final class IdempotencyKeyTest {

  @Test
  void toString_plainIds_areJoinedWithColons() {
    assertThat(IdempotencyKey.of("enr-42", "welcome_email", 3)).hasToString("enr-42:welcome_email:3");
  }

  @Test
  void toString_reservedCharacters_arePercentEncoded() {
    IdempotencyKey key = IdempotencyKey.of("a:b", "größe 1", 1);
    assertThat(key.toString()).isEqualTo("a%3Ab:gr%C3%B6%C3%9Fe%201:1");
    assertThat(IdempotencyKey.parse(key.toString())).isEqualTo(key);
  }

  @Test
  void nextAttempt_keepsIdsAndAddsOne() {
    assertThat(IdempotencyKey.of("e", "s", 1).nextAttempt()).isEqualTo(IdempotencyKey.of("e", "s", 2));
  }

  @Test
  void constructor_badParts_nameTheField() {
    assertThatThrownBy(() -> IdempotencyKey.of("", "s", 1))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("enrollmentId"));
    assertThatThrownBy(() -> IdempotencyKey.of("e", "s", 0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("attempt"));
  }

  @Test
  void parse_malformedText_isRejected() {
    assertThatThrownBy(() -> IdempotencyKey.parse("a:b")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> IdempotencyKey.parse("a:b:x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> IdempotencyKey.parse("a b:c:1"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Property
  void parse_roundTripsAnyKey(
      @ForAll @StringLength(min = 1, max = 40) String enrollment,
      @ForAll @StringLength(min = 1, max = 40) String step,
      @ForAll @IntRange(min = 1) int attempt) {
    IdempotencyKey key = IdempotencyKey.of(enrollment, step, attempt);
    String wire = key.toString();
    assertThat(wire).matches("[A-Za-z0-9._~%-]+:[A-Za-z0-9._~%-]+:[0-9]+");
    assertThat(IdempotencyKey.parse(wire)).isEqualTo(key);
  }
}

package io.cdpkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.AttributeUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class AttributeApplierProperties {
  private static final List<String> NAMES = List.of("a", "b", "c");

  @Property(tries = 300)
  void replayingHistoryEqualsApplyingInOrder(@ForAll("histories") List<List<AttributeChange>> calls) {
    ObjectValue applied = ObjectValue.EMPTY;
    List<AttributeUpdate> history = new ArrayList<>();
    long sequence = 0;
    for (List<AttributeChange> call : calls) {
      applied = AttributeApplier.apply(applied, call);
      history.add(new AttributeUpdate("p", "p", Instant.EPOCH, ++sequence, "t", call));
    }
    assertThat(AttributeApplier.replay(history)).isEqualTo(applied);
  }

  @Property(tries = 300)
  void setOnceKeepsTheFirstValue(@ForAll("values") AttributeValue first, @ForAll("values") AttributeValue second) {
    ObjectValue once =
        AttributeApplier.apply(
            ObjectValue.EMPTY,
            List.of(new AttributeChange.SetOnce("a", first), new AttributeChange.SetOnce("a", second)));
    assertThat(once.get("a")).contains(first);
  }

  @Property(tries = 300)
  void incrementsAdd(@ForAll("numbers") List<NumberValue> steps) {
    List<AttributeChange> changes = new ArrayList<>();
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (NumberValue step : steps) {
      changes.add(new AttributeChange.Increment("n", step));
      sum = sum.add(step.value());
    }
    ObjectValue result = AttributeApplier.apply(ObjectValue.EMPTY, changes);
    if (steps.isEmpty()) {
      assertThat(result.get("n")).isEmpty();
    } else {
      assertThat(result.get("n")).contains(new NumberValue(sum));
    }
  }

  @Property(tries = 300)
  void appendsKeepOrder(@ForAll("valueLists") List<AttributeValue> items) {
    List<AttributeChange> changes = new ArrayList<>();
    for (AttributeValue item : items) {
      changes.add(new AttributeChange.Append("l", item));
    }
    ObjectValue result = AttributeApplier.apply(ObjectValue.EMPTY, changes);
    if (!items.isEmpty()) {
      assertThat(result.get("l")).contains(new ListValue(items));
    }
  }

  @Provide
  Arbitrary<List<List<AttributeChange>>> histories() {
    Arbitrary<String> name = Arbitraries.of(NAMES);
    Arbitrary<AttributeChange> change =
        Arbitraries.oneOf(
            name.flatMap(n -> values().map(v -> (AttributeChange) new AttributeChange.Set(n, v))),
            name.flatMap(n -> values().map(v -> (AttributeChange) new AttributeChange.SetOnce(n, v))),
            name.map(n -> (AttributeChange) new AttributeChange.Unset(n)),
            name.flatMap(n -> values().map(v -> (AttributeChange) new AttributeChange.Append(n, v))));
    return change.list().ofMaxSize(4).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<AttributeValue> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMaxLength(5).map(TextValue::new),
        Arbitraries.integers().between(-100, 100).map(i -> NumberValue.of(i)));
  }

  @Provide
  Arbitrary<List<AttributeValue>> valueLists() {
    return values().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<NumberValue>> numbers() {
    return Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1000), java.math.BigDecimal.valueOf(1000))
        .ofScale(2).map(NumberValue::new).list().ofMaxSize(10);
  }
}

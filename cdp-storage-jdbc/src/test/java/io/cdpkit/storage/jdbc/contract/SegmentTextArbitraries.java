package io.cdpkit.storage.jdbc.contract;

import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Segment expressions as text for the SQL stores' differential properties: each store gives its
 * own leaf conditions, the nesting of {@code and}, {@code or} and {@code not} over them is shared.
 */
public final class SegmentTextArbitraries {
  private SegmentTextArbitraries() {}

  /**
   * Expressions of {@code depth} levels of {@code and}, {@code or} and {@code not} at most over the
   * conditions {@code condition} makes, a leaf being as likely as all the junctions together.
   */
  public static Arbitrary<String> nested(Supplier<Arbitrary<String>> condition, int depth) {
    if (depth == 0) {
      return condition.get();
    }
    Arbitrary<String> sub = Arbitraries.lazy(() -> nested(condition, depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, condition.get()),
        Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> "(" + a + ") and (" + b + ")")),
        Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> "(" + a + ") or (" + b + ")")),
        Tuple.of(1, sub.map(a -> "not (" + a + ")")));
  }
}

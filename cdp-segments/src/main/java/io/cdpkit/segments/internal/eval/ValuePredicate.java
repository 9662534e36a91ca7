package io.cdpkit.segments.internal.eval;

import io.cdpkit.segments.spi.InstantRange;
import com.google.re2j.Pattern;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.ast.CompareOp;
import java.util.List;

/*
 * The positive form of each test on a present value. Negated tests (!=, not contains, not in,
 * is not empty) are these negated by the caller, which makes "a != v" exactly "not (a = v)" and
 * makes them true on missing values and on lists where no element matches.
 */

/** A test on a present value; on a list it holds when it holds for any element. */
abstract class ValuePredicate {

  boolean test(AttributeValue value, Frame frame) {
    if (value instanceof ListValue list) {
      for (AttributeValue item : list.items()) {
        if (element(item, frame)) {
          return true;
        }
      }
      return false;
    }
    return scalar(value, frame);
  }

  abstract boolean scalar(AttributeValue value, Frame frame);

  /** The test on a list element; the scalar test unless the test says otherwise. */
  boolean element(AttributeValue value, Frame frame) {
    return scalar(value, frame);
  }

  /** {@code = v}, {@code < v}, ... ({@code !=} is the negation of {@code =}). */
  static final class Compare extends ValuePredicate {
    private final CompareOp op;
    private final Lit lit;
    private final java.math.@org.jspecify.annotations.Nullable BigDecimal number;

    Compare(CompareOp op, Lit lit) {
      this.op = op;
      this.lit = lit;
      this.number = lit.kind == Lit.Kind.NUMBER ? lit.number : null;
    }

    /** Numbers against a number literal are the common case: compare them without detours. */
    @Override
    boolean test(AttributeValue value, Frame frame) {
      if (number != null && value instanceof io.cdpkit.core.profile.NumberValue n) {
        return op.holds(n.value().compareTo(number));
      }
      return super.test(value, frame);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return Values.compare(op, value, lit, frame.zone);
    }
  }

  /** {@code between low and high}, inclusive. */
  static final class Between extends ValuePredicate {
    private final Lit low;
    private final Lit high;

    Between(Lit low, Lit high) {
      this.low = low;
      this.high = high;
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return Values.compare(CompareOp.GE, value, low, frame.zone)
          && Values.compare(CompareOp.LE, value, high, frame.zone);
    }
  }

  /** {@code in [..]}: equal to any item. */
  static final class In extends ValuePredicate {
    private final List<Lit> items;

    In(List<Lit> items) {
      this.items = List.copyOf(items);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      for (Lit item : items) {
        if (Values.compare(CompareOp.EQ, value, item, frame.zone)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code contains v}: a substring of text, or an element of a list, ignoring case. */
  static final class Contains extends ValuePredicate {
    private final Lit lit;

    Contains(Lit lit) {
      this.lit = lit;
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return value instanceof TextValue text && Fold.fold(text.value()).contains(lit.folded);
    }

    @Override
    boolean element(AttributeValue value, Frame frame) {
      if (value instanceof TextValue text && lit.kind == Lit.Kind.TEXT) {
        return Fold.fold(text.value()).equals(lit.folded);
      }
      return Values.compare(CompareOp.EQ, value, lit, frame.zone);
    }
  }

  /** {@code starts with "p"} on text, ignoring case. */
  static final class StartsWith extends ValuePredicate {
    private final String folded;

    StartsWith(String prefix) {
      this.folded = Fold.fold(prefix);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return value instanceof TextValue text && Fold.fold(text.value()).startsWith(folded);
    }
  }

  /** {@code ends with "s"} on text, ignoring case. */
  static final class EndsWith extends ValuePredicate {
    private final String folded;

    EndsWith(String suffix) {
      this.folded = Fold.fold(suffix);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return value instanceof TextValue text && Fold.fold(text.value()).endsWith(folded);
    }
  }

  /**
   * {@code matches "re"}: the pattern is found somewhere in the text. RE2/J runs in time linear in
   * the text, so no pattern can stall an evaluation.
   */
  static final class Matches extends ValuePredicate {
    private final Pattern pattern;

    Matches(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return value instanceof TextValue text && pattern.matcher(text.value()).find();
    }
  }

  /** {@code is empty}: blank text, empty list or object (missing is handled by the caller). */
  static final class IsEmpty extends ValuePredicate {
    @Override
    boolean test(AttributeValue value, Frame frame) {
      return Values.isEmpty(value);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return Values.isEmpty(value);
    }
  }

  /** A window on a point in time: the value (or any element) falls in it. */
  static final class InWindow extends ValuePredicate {
    private final io.cdpkit.segments.ast.Window window;
    private final boolean anytime;

    InWindow(io.cdpkit.segments.ast.Window window) {
      this.window = window;
      this.anytime = window instanceof io.cdpkit.segments.ast.Window.Anytime;
    }

    @Override
    boolean test(AttributeValue value, Frame frame) {
      if (anytime) {
        return true;
      }
      InstantRange interval = InstantRange.of(window, frame.now, frame.zone, false);
      if (value instanceof ListValue list) {
        for (AttributeValue item : list.items()) {
          if (inside(item, interval, frame)) {
            return true;
          }
        }
        return false;
      }
      return inside(value, interval, frame);
    }

    @Override
    boolean scalar(AttributeValue value, Frame frame) {
      return test(value, frame);
    }

    private static boolean inside(AttributeValue value, InstantRange interval, Frame frame) {
      java.time.Instant point = Values.pointOf(value, frame.zone);
      return point != null && interval.contains(point);
    }
  }
}

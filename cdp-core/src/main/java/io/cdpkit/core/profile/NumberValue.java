package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A finite number, kept exactly as a {@link BigDecimal} without trailing zeros, so that {@code 30}
 * and {@code 30.0} are equal values and sums of amounts do not drift.
 */
public record NumberValue(BigDecimal value) implements AttributeValue {

  public NumberValue {
    Objects.requireNonNull(value, "value");
    value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  /** A whole number. */
  public static NumberValue of(long value) {
    return new NumberValue(BigDecimal.valueOf(value));
  }

  /**
   * A floating point number by its shortest decimal form ({@code 19.95}, not its binary expansion).
   *
   * @throws InvalidInputException for NaN and infinities
   */
  public static NumberValue of(double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidInputException("number", value, "must be finite");
    }
    return new NumberValue(BigDecimal.valueOf(value));
  }

  /** This number as a double (may round). */
  public double doubleValue() {
    return value.doubleValue();
  }

  @Override
  public String toString() {
    return value.toPlainString();
  }
}

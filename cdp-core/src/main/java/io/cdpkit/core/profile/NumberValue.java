package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A finite number, kept exactly as a {@link BigDecimal} without trailing zeros, so that {@code 30}
 * and {@code 30.0} are equal values and sums of amounts do not drift. Its decimal exponent is at
 * most {@value #MAX_EXPONENT} either way, so that its plain form stays under the 1,000 digits
 * the JSON reader accepts back, and no value written as {@code 1e10000000} ever becomes ten
 * million digits when printed or compared.
 */
public record NumberValue(BigDecimal value) implements AttributeValue {
  /** The largest decimal exponent, up or down, of a number. */
  public static final int MAX_EXPONENT = 500;

  /**
   * @throws InvalidInputException when the number's exponent is beyond {@value #MAX_EXPONENT}
   */
  public NumberValue {
    Objects.requireNonNull(value, "value");
    // precision - scale - 1 is the exponent of the leading digit; cheap for any unscaled value.
    long exponent = (long) value.precision() - value.scale() - 1;
    if (value.signum() != 0 && Math.abs(exponent) > MAX_EXPONENT) {
      throw new InvalidInputException("number", value.signum() < 0 ? "-1e" + exponent : "1e" + exponent,
          "must be within 1e-" + MAX_EXPONENT + " to 1e" + MAX_EXPONENT + " in magnitude");
    }
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

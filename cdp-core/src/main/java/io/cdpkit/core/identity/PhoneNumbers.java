package io.cdpkit.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads phone numbers as people write them, national ({@code 0812-3456-7890}) or international
 * ({@code +62 812 3456 7890}, {@code 0062...}), into E.164 ({@code +6281234567890}) with Google's
 * libphonenumber, a national number being read in the default region. So the national and
 * international forms of one number give one {@code phone} identifier. Used where raw input
 * arrives (tracking traits, imports); {@link Identifier} itself only accepts international forms,
 * to stay cheap on every read. Immutable and thread-safe.
 *
 * <pre>{@code
 * PhoneNumbers phones = PhoneNumbers.withDefaultRegion("ID");
 * phones.read("0812-3456-7890");   // Reading[e164=+6281234567890, problem=null]
 * phones.read("12");               // Reading[e164=null, problem="is too short for a phone number"]
 * }</pre>
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final PhoneNumbers INTERNATIONAL_ONLY = new PhoneNumbers(null);

  private final @Nullable String defaultRegion;

  private PhoneNumbers(@Nullable String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /**
   * Numbers without a country code are read as numbers of {@code region}, an ISO 3166 two-letter
   * code such as {@code ID}, {@code NL} or {@code US}.
   *
   * @throws IllegalArgumentException for a region libphonenumber does not know
   */
  public static PhoneNumbers withDefaultRegion(String region) {
    String code = Objects.requireNonNull(region, "region").toUpperCase(Locale.ROOT);
    if (!UTIL.getSupportedRegions().contains(code)) {
      throw new IllegalArgumentException(
          "region must be an ISO 3166 two-letter code such as ID, NL or US, was " + region);
    }
    return new PhoneNumbers(code);
  }

  /** Only numbers with a country code ({@code +} or {@code 00}) are read; national ones are not. */
  public static PhoneNumbers internationalOnly() {
    return INTERNATIONAL_ONLY;
  }

  /** The default region, if any. */
  public Optional<String> defaultRegion() {
    return Optional.ofNullable(defaultRegion);
  }

  /**
   * A number read: its E.164 form, or why it is not a possible phone number.
   *
   * @param e164 the number as {@code +CCNNN...}, or null when unreadable
   * @param problem why the text is not a possible number, or null
   */
  public record Reading(@Nullable String e164, @Nullable String problem) {
    /** The E.164 form, when the number is possible. */
    public Optional<String> number() {
      return Optional.ofNullable(e164);
    }
  }

  /** Reads {@code text} as a phone number; never throws for bad text. */
  public Reading read(String text) {
    Objects.requireNonNull(text, "text");
    String raw = text.strip();
    if (raw.startsWith("00")) {
      raw = "+" + raw.substring(2);
    }
    PhoneNumber number;
    try {
      number = UTIL.parse(raw, defaultRegion == null ? "ZZ" : defaultRegion);
    } catch (NumberParseException e) {
      return new Reading(null, reason(e.getErrorType()));
    }
    ValidationResult possible = UTIL.isPossibleNumberWithReason(number);
    if (possible != ValidationResult.IS_POSSIBLE) {
      return new Reading(null, reason(possible));
    }
    return new Reading(UTIL.format(number, PhoneNumberFormat.E164), null);
  }

  private String reason(NumberParseException.ErrorType type) {
    switch (type) {
      case INVALID_COUNTRY_CODE:
        return defaultRegion == null
            ? "has no valid country code (+CC) and no default region is set"
            : "has no valid country code";
      case TOO_SHORT_NSN:
      case TOO_SHORT_AFTER_IDD:
        return "is too short for a phone number";
      case TOO_LONG:
        return "is too long for a phone number";
      case NOT_A_NUMBER:
      default:
        return "is not a phone number";
    }
  }

  private static String reason(ValidationResult result) {
    switch (result) {
      case INVALID_COUNTRY_CODE:
        return "has no valid country code";
      case TOO_SHORT:
        return "is too short for a phone number of its country";
      case TOO_LONG:
        return "is too long for a phone number of its country";
      case INVALID_LENGTH:
      case IS_POSSIBLE_LOCAL_ONLY:
      default:
        return "has no possible length for a phone number of its country";
    }
  }
}

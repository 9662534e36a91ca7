package io.cdpkit.segments.insights;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The definition of one computed attribute, a number kept per profile from its events and read in
 * segments as {@code $computed.NAME}. Immutable and thread-safe. Build with the static factories:
 *
 * <pre>{@code
 * ComputedAttribute.count("order_count", "purchase");
 * ComputedAttribute.sum("lifetime_value", "purchase", "amount");
 * ComputedAttribute.avg("average_order_value", "purchase", "amount");
 * ComputedAttribute.count("orders_30d", "purchase").within(Duration.ofDays(30));
 * ComputedAttribute.lastSeen("last_seen");
 * ComputedAttribute.rfm("rfm_monetary", Kind.MONETARY, "purchase", "amount");
 * }</pre>
 *
 * <p>What each kind holds for a profile (empty means missing, as the segment language treats an
 * undefined computed attribute):
 *
 * <ul>
 *   <li>{@link Kind#COUNT}: the profile's events of the type (0 for none);
 *   <li>{@link Kind#SUM}: the sum of the numeric property over them (0 for none); {@link Kind#AVG},
 *       {@link Kind#MIN}, {@link Kind#MAX}: over the events whose property is a number, empty for
 *       none;
 *   <li>{@link Kind#LAST_SEEN}: the timestamp of the latest event (of the type, or of any type when
 *       the type is null) as epoch milliseconds, empty for none;
 *   <li>{@link Kind#RECENCY}, {@link Kind#FREQUENCY}, {@link Kind#MONETARY}: the RFM score 1 to 5
 *       of the profile's latest event of the type, count of events of the type, and sum of the
 *       property over them, among every profile with at least one such event (empty without one).
 *       Scores are quintiles by rank, ties sharing a score: with {@code n} profiles of which {@code
 *       b} have a strictly worse value, the score is {@code 1 + floor(5 * b / n)}; for recency a
 *       later latest event is better, for the others a larger number.
 * </ul>
 *
 * <p>With a window ({@link #within(Duration)}), only events with a timestamp in {@code (now -
 * window, now]} count, {@code now} being the Cdp clock's instant at the time of reading.
 *
 * @param name the name in {@code $computed.NAME}: a letter then letters, digits or {@code _}
 * @param eventType the events aggregated; null only for {@link Kind#LAST_SEEN} of any type
 * @param property the numeric event property of SUM, AVG, MIN, MAX and MONETARY, else null
 * @param window how far back events count, or null for all time (RFM takes none)
 */
public record ComputedAttribute(
    String name,
    Kind kind,
    @Nullable String eventType,
    @Nullable String property,
    @Nullable Duration window) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** What a computed attribute aggregates. */
  public enum Kind {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX,
    LAST_SEEN,
    RECENCY,
    FREQUENCY,
    MONETARY;

    /** True when the kind reads a numeric event property. */
    public boolean needsProperty() {
      return this == SUM || this == AVG || this == MIN || this == MAX || this == MONETARY;
    }

    /** True for the RFM scores, ranked over every profile. */
    public boolean isRfm() {
      return this == RECENCY || this == FREQUENCY || this == MONETARY;
    }
  }

  public ComputedAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "computed attribute name must be a letter then letters, digits or _, was '" + name + "'");
    }
    if (eventType == null && kind != Kind.LAST_SEEN) {
      throw new IllegalArgumentException("computed attribute " + name + " (" + kind + ") needs an event type");
    }
    if (kind.needsProperty() != (property != null)) {
      throw new IllegalArgumentException("computed attribute " + name + " (" + kind + ") "
          + (property == null ? "needs a numeric property" : "takes no property, was " + property));
    }
    if (window != null) {
      if (kind.isRfm()) {
        throw new IllegalArgumentException("computed attribute " + name + " (" + kind + ") takes no window");
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "window of computed attribute " + name + " must be positive, was " + window);
      }
    }
  }

  /** The number of events of the type. */
  public static ComputedAttribute count(String name, String eventType) {
    return new ComputedAttribute(name, Kind.COUNT, requireType(eventType), null, null);
  }

  /** The sum of a numeric property over the events of the type. */
  public static ComputedAttribute sum(String name, String eventType, String property) {
    return new ComputedAttribute(name, Kind.SUM, requireType(eventType), requireProperty(property), null);
  }

  /** The average of a numeric property over the events of the type. */
  public static ComputedAttribute avg(String name, String eventType, String property) {
    return new ComputedAttribute(name, Kind.AVG, requireType(eventType), requireProperty(property), null);
  }

  /** The smallest value of a numeric property over the events of the type. */
  public static ComputedAttribute min(String name, String eventType, String property) {
    return new ComputedAttribute(name, Kind.MIN, requireType(eventType), requireProperty(property), null);
  }

  /** The largest value of a numeric property over the events of the type. */
  public static ComputedAttribute max(String name, String eventType, String property) {
    return new ComputedAttribute(name, Kind.MAX, requireType(eventType), requireProperty(property), null);
  }

  /** The instant of the profile's latest event of any type, as epoch milliseconds. */
  public static ComputedAttribute lastSeen(String name) {
    return new ComputedAttribute(name, Kind.LAST_SEEN, null, null, null);
  }

  /** The instant of the profile's latest event of the type, as epoch milliseconds. */
  public static ComputedAttribute lastSeen(String name, String eventType) {
    return new ComputedAttribute(name, Kind.LAST_SEEN, requireType(eventType), null, null);
  }

  /**
   * An RFM score, 1 to 5, over the events of the type; {@code property} is the monetary value for
   * {@link Kind#MONETARY} and must be null for the others.
   */
  public static ComputedAttribute rfm(String name, Kind score, String eventType, @Nullable String property) {
    if (!Objects.requireNonNull(score, "score").isRfm()) {
      throw new IllegalArgumentException("rfm takes RECENCY, FREQUENCY or MONETARY, was " + score);
    }
    return new ComputedAttribute(name, score, requireType(eventType), property, null);
  }

  /** The same definition counting only events in the last {@code duration} before now. */
  public ComputedAttribute within(Duration duration) {
    return new ComputedAttribute(name, kind, eventType, property, Objects.requireNonNull(duration, "duration"));
  }

  /** A one-line description, such as {@code sum of amount over purchase in the last PT720H}. */
  public String describe() {
    StringBuilder text = new StringBuilder(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (property != null) {
      text.append(" of ").append(property);
    }
    text.append(" over ").append(eventType == null ? "any event" : eventType);
    if (window != null) {
      text.append(" in the last ").append(window);
    }
    return text.toString();
  }

  private static String requireType(String eventType) {
    return Objects.requireNonNull(eventType, "eventType");
  }

  private static String requireProperty(String property) {
    return Objects.requireNonNull(property, "property");
  }
}

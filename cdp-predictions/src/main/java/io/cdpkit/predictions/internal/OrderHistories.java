package io.cdpkit.predictions.internal;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.model.PurchaseSummary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads customers' orders from the Cdp's storage and reduces each to a {@link PurchaseSummary} in
 * days: orders grouped by calendar day in the zone, the first day's order being the first
 * purchase, each later day a repeat order of the day's summed value.
 */
public final class OrderHistories {

  /** Every customer's summary, by profile id, and the earliest order read. */
  public record Orders(Map<String, PurchaseSummary> customers, @Nullable Instant earliest) {}

  private OrderHistories() {}

  /**
   * Reads every profile's orders up to {@code end}, in one read transaction and one pass over the
   * order events, which the store hands over grouped by profile.
   */
  public static Orders readAll(Cdp cdp, PredictionOptions options, ZoneId zone, Instant end) {
    return StorageBacked.storageOf(cdp).read(session -> {
      Map<String, PurchaseSummary> customers = new HashMap<>();
      Instant earliest = null;
      try (Stream<Event> orders = session.eventsOfType(options.orderEventType())) {
        Iterator<Event> it = orders.iterator();
        String profile = null;
        TreeMap<LocalDate, Double> days = new TreeMap<>();
        while (true) {
          Event order = it.hasNext() ? it.next() : null;
          if (profile != null && (order == null || !order.profileId().equals(profile))) {
            if (!days.isEmpty()) {
              customers.put(profile, summarise(days, zone, end));
              Instant first = days.firstKey().atStartOfDay(zone).toInstant();
              earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
            }
            days = new TreeMap<>();
          }
          if (order == null) {
            break;
          }
          profile = order.profileId();
          addOrder(days, order, options, zone, end);
        }
      }
      return new Orders(customers, earliest);
    });
  }

  /** One profile's summary up to {@code end}; empty when it has no order then. */
  public static Optional<PurchaseSummary> readOne(
      Cdp cdp, String profileId, PredictionOptions options, ZoneId zone, Instant end) {
    return StorageBacked.storageOf(cdp).read(session -> {
      try (Stream<Event> events = session.events().ofProfile(profileId)) {
        TreeMap<LocalDate, Double> days = orderDays(events, options, zone, end);
        return days.isEmpty() ? Optional.<PurchaseSummary>empty() : Optional.of(summarise(days, zone, end));
      }
    });
  }

  /** The day totals of the orders in the window. */
  static TreeMap<LocalDate, Double> orderDays(
      Stream<Event> events, PredictionOptions options, ZoneId zone, Instant end) {
    TreeMap<LocalDate, Double> days = new TreeMap<>();
    events.filter(e -> e.type().equals(options.orderEventType()))
        .forEach(e -> addOrder(days, e, options, zone, end));
    return days;
  }

  /** Adds the order to its day's total when it is in the window. */
  private static void addOrder(
      TreeMap<LocalDate, Double> days, Event order, PredictionOptions options, ZoneId zone, Instant end) {
    Instant start = options.lookback() == null ? Instant.MIN : end.minus(options.lookback());
    if (!order.timestamp().isAfter(end) && order.timestamp().isAfter(start)) {
      days.merge(LocalDate.ofInstant(order.timestamp(), zone), amount(order, options), Double::sum);
    }
  }

  /** The summary of non-empty day totals at the day of {@code end}. */
  static PurchaseSummary summarise(TreeMap<LocalDate, Double> days, ZoneId zone, Instant end) {
    LocalDate first = days.firstKey();
    int frequency = days.size() - 1;
    double recency = ChronoUnit.DAYS.between(first, days.lastKey());
    double age = ChronoUnit.DAYS.between(first, LocalDate.ofInstant(end, zone));
    double repeatTotal = days.tailMap(first, false).values().stream().mapToDouble(Double::doubleValue).sum();
    double mean = frequency == 0 ? 0 : Math.max(0, repeatTotal / frequency);
    return new PurchaseSummary(frequency, recency, age, mean);
  }

  private static double amount(Event event, PredictionOptions options) {
    AttributeValue value = event.properties().get(options.amountProperty()).orElse(null);
    return value instanceof NumberValue number ? number.doubleValue() : 0;
  }
}

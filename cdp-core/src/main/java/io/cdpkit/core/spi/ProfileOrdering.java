package io.cdpkit.core.spi;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.StoredProfile;
import java.math.BigDecimal;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * The order of {@link ProfileQuery} pages, for stores that sort in Java: numbers by value, a
 * text that reads as a number ({@link NumericText}) among them by its value, as comparisons in
 * segments treat it; then other texts by code point, then booleans (false first), then any other
 * value (lists, objects, null); profiles without the attribute last in both directions; ties by
 * id ascending.
 */
public final class ProfileOrdering {
  private ProfileOrdering() {}

  public static Comparator<StoredProfile> of(ProfileQuery query) {
    Comparator<StoredProfile> byId = Comparator.comparing(StoredProfile::id, CodePoints::compare);
    if (query.sortBy().equals(ProfileQuery.ID)) {
      return query.descending() ? byId.reversed() : byId;
    }
    if (query.sortBy().equals(ProfileQuery.CREATED_AT)) {
      Comparator<StoredProfile> byCreated = Comparator.comparing(StoredProfile::createdAt);
      return (query.descending() ? byCreated.reversed() : byCreated).thenComparing(byId);
    }
    String name = query.sortBy();
    return (a, b) -> {
      AttributeValue va = a.attributes().fields().get(name);
      AttributeValue vb = b.attributes().fields().get(name);
      boolean missingA = va == null || va.isNull();
      boolean missingB = vb == null || vb.isNull();
      if (missingA || missingB) {
        return missingA && missingB ? CodePoints.compare(a.id(), b.id()) : missingA ? 1 : -1;
      }
      int order = compareValues(va, vb);
      if (query.descending()) {
        order = -order;
      }
      return order != 0 ? order : CodePoints.compare(a.id(), b.id());
    };
  }

  private static int compareValues(AttributeValue a, AttributeValue b) {
    BigDecimal na = numberOf(a);
    BigDecimal nb = numberOf(b);
    if (na != null && nb != null) {
      return na.compareTo(nb);
    }
    int rank = Integer.compare(rank(a), rank(b));
    if (rank != 0) {
      return rank;
    }
    if (a instanceof TextValue ta && b instanceof TextValue tb) {
      return CodePoints.compare(ta.value(), tb.value());
    }
    if (a instanceof BooleanValue ba && b instanceof BooleanValue bb) {
      return Boolean.compare(ba.value(), bb.value());
    }
    return a.toJson().compareTo(b.toJson());
  }

  private static @Nullable BigDecimal numberOf(AttributeValue value) {
    if (value instanceof NumberValue number) {
      return number.value();
    }
    return value instanceof TextValue text ? NumericText.parse(text.value()) : null;
  }

  private static int rank(AttributeValue value) {
    if (numberOf(value) != null) {
      return 0;
    }
    if (value instanceof TextValue) {
      return 1;
    }
    if (value instanceof BooleanValue) {
      return 2;
    }
    return 3;
  }
}

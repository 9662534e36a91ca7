package io.cdpkit.core.profile;

import io.cdpkit.core.Page;
import io.cdpkit.core.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A page of profiles sorted by {@link #sortBy()}: {@link #CREATED_AT}, {@link #ID}, or the name of
 * a top-level attribute. Attribute sorting orders numbers by value before texts in code-point
 * order before booleans, profiles without the attribute last in both directions; ties go by id.
 */
public record ProfileQuery(String sortBy, boolean descending, int limit, @Nullable String cursor) {
  public static final String CREATED_AT = "$created_at";
  public static final String ID = "$id";
  public static final int MAX_LIMIT = 10_000;

  public ProfileQuery {
    Objects.requireNonNull(sortBy, "sortBy");
    if (!sortBy.equals(CREATED_AT) && !sortBy.equals(ID)) {
      ObjectValue.checkName(sortBy);
    }
    Checks.range("limit", limit, 1, MAX_LIMIT);
  }

  /** The first page of {@code limit} profiles, oldest first. */
  public static ProfileQuery firstPage(int limit) {
    return new ProfileQuery(CREATED_AT, false, limit, null);
  }

  public ProfileQuery sortedBy(String attributeOrField, boolean descending) {
    return new ProfileQuery(attributeOrField, descending, limit, null);
  }

  /** The query for the page after {@code page}. */
  public ProfileQuery after(Page<?> page) {
    return new ProfileQuery(sortBy, descending, limit, page.next());
  }
}

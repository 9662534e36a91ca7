package io.cdpkit.core.identity;

import io.cdpkit.core.internal.Checks;
import java.util.Objects;

/**
 * How one identifier type takes part in identity resolution.
 *
 * @param priority higher wins: decides which incoming identifier is dropped first when a merge
 *     would break a rule
 * @param limit the most values of this type one profile may hold
 * @param exclusive when true, two profiles holding different values of this type never merge
 *     automatically
 */
public record IdentifierRule(
    String type, MergePolicy merge, int priority, int limit, boolean exclusive) {

  public IdentifierRule {
    Checks.typeName("type", type);
    Objects.requireNonNull(merge, "merge");
    Checks.range("priority", priority, 0, 1_000);
    Checks.range("limit", limit, 1, 1_000);
  }
}

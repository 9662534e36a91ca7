package io.cdpkit.segments.ast;

import java.util.List;

/**
 * A segment expression: a boolean condition over one profile, its identifiers, consents,
 * memberships and events. Immutable and thread-safe; two expressions are equal when their trees
 * are equal, whatever text they were parsed from.
 *
 * <p>The implementations are the records of this package: {@link Or}, {@link And}, {@link Not},
 * {@link PathCheck}, {@link EventCondition}, {@link AnyWhere}, {@link InSegment}, {@link
 * InGroup}, {@link ConsentIs}, {@link ReachableVia} and {@link Everyone}.
 */
public sealed interface Expr
    permits Or,
        And,
        Not,
        PathCheck,
        EventCondition,
        AnyWhere,
        InSegment,
        InGroup,
        ConsentIs,
        ReachableVia,
        Everyone {

  /** This expression and the other one ({@code this and other}), flattening nested {@code and}s. */
  default Expr and(Expr other) {
    return new And(List.of(this, other));
  }

  /** This expression or the other one ({@code this or other}), flattening nested {@code or}s. */
  default Expr or(Expr other) {
    return new Or(List.of(this, other));
  }

  /** The negation of this expression ({@code not this}). */
  default Expr negate() {
    return new Not(this);
  }
}

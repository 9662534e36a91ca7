package io.cdpkit.segments.spi;

import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.ast.Expr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Answers a segment expression for every profile at once, inside the store (for example as one SQL
 * query), instead of the service evaluating each profile in Java. An implementation answers only
 * when its answer is exactly the in-memory evaluator's; otherwise it returns empty and the service
 * evaluates in Java. Implementations are thread-safe.
 *
 * <p>The default, {@link #none()}, never answers.
 */
public interface SegmentQueries {

  /**
   * The ids of the profiles matching the query's expression, sorted by id; empty when this
   * implementation cannot answer the expression exactly.
   */
  Optional<List<String>> matching(SegmentQuery query);

  /** How many profiles match; empty when this implementation cannot answer exactly. */
  default OptionalLong count(SegmentQuery query) {
    Optional<List<String>> ids = matching(query);
    return ids.isPresent() ? OptionalLong.of(ids.get().size()) : OptionalLong.empty();
  }

  /** Never answers: every expression is evaluated in Java. */
  static SegmentQueries none() {
    return query -> Optional.empty();
  }

  /**
   * What to answer.
   *
   * @param expr the expression
   * @param context the evaluation's {@code now}, zone, reachability policy and computed attributes
   *     (its segment resolver and group membership are not used: see {@code segments} and {@code
   *     groups})
   * @param segments the expression of each saved segment by name, for {@code in segment}; empty
   *     for an unknown name
   * @param groups the group store the service reads {@code in group} from; an implementation
   *     answers {@code in group} only when it can read that store's members itself
   * @param budget how long the query may run; {@code null} when unlimited. An implementation
   *     stops a query that runs longer with {@link io.cdpkit.segments.QueryBudgetExceededException}
   */
  record SegmentQuery(
      Expr expr,
      EvaluationContext context,
      Function<String, Optional<Expr>> segments,
      GroupStore groups,
      @Nullable Duration budget) {
    public SegmentQuery {
      Objects.requireNonNull(expr, "expr");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(segments, "segments");
      Objects.requireNonNull(groups, "groups");
    }

    /** A query with no time budget. */
    public SegmentQuery(
        Expr expr,
        EvaluationContext context,
        Function<String, Optional<Expr>> segments,
        GroupStore groups) {
      this(expr, context, segments, groups, null);
    }

    /** This query with a time budget; {@code null} for none. */
    public SegmentQuery withBudget(@Nullable Duration limit) {
      return new SegmentQuery(expr, context, segments, groups, limit);
    }
  }
}

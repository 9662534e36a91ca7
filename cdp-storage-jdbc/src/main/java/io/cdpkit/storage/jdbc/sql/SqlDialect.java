package io.cdpkit.storage.jdbc.sql;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What differs between databases in a compiled segment condition: how JSON values are read and
 * tested, and the nodes a database answers with its own functions. Each method appends one SQL
 * condition that is never NULL to the compiler (through {@link SegmentSqlCompiler#sql} and {@link
 * SegmentSqlCompiler#param}), with every value from the expression bound, or throws {@link
 * SegmentSqlCompiler#unsupported} when it cannot answer the node exactly as the in-memory
 * evaluator does. Columns passed in are fixed SQL ({@code p.attributes}, {@code e.ts}, ...).
 */
public interface SqlDialect {

  /**
   * True when an event count or metric of one type (and {@code $identifier.T is [not] empty}) is
   * better answered as membership in the set of profiles whose events qualify ({@code p.id IN
   * (SELECT ... GROUP BY ... HAVING ...)}), computed once from the type's rows, than per profile: SQLite materialises such a set once wherever it
   * stands. False by default: PostgreSQL rescans an {@code IN} set under {@code OR} or {@code NOT}
   * when it does not fit in memory, so it keeps the per-profile {@code EXISTS}.
   */
  default boolean eventsAsSets() {
    return false;
  }

  /**
   * True when, short of {@link #eventsAsSets()} everywhere, an event count or metric is better
   * answered as a set where the set is positive and joined by {@code AND} alone up to the
   * top of the condition: there PostgreSQL turns {@code p.id IN (...)} into a semi-join, hashed or
   * merged whatever its size, while under {@code OR} or {@code NOT} it stays a sub-plan.
   */
  default boolean positiveSetsUnderAnd() {
    return false;
  }

  /**
   * For a dialect with sets ({@link #eventsAsSets()} or {@link #positiveSetsUnderAnd()}): {@code p.id IN} the set of profiles whose events'
   * {@code sum|avg|min|max of path OP number} holds (over no numbers, avg, min and max have no value
   * and do not hold; {@code onNone} is whether a sum over none holds). {@code rows} appends {@code
   * FROM events e WHERE ...}, the events of the type, window and filter, of the profile the given
   * fixed SQL expression names or, given null, of everyone.
   */
  default void profilesWithMetric(SegmentSqlCompiler out, Aggregate.MetricOf metric, boolean onNone,
      Consumer<@Nullable String> rows) {
    throw out.unsupported("a metric over events as a set");
  }

  /** The literal of a constant condition. */
  String bool(boolean value);

  /** A condition that a boolean column ({@code identifiers.deliverable}, an integer) holds. */
  default String isTrue(String column) {
    return column + " <> 0";
  }

  /** {@code check} on the value at {@code path} (not a system path) in the JSON object {@code column}. */
  void jsonCheck(SegmentSqlCompiler out, String column, Path path, Check check);

  /** {@code any path where filter} on the JSON object {@code column} (the path is not a system path). */
  void anyWhere(SegmentSqlCompiler out, String column, AnyWhere any);

  /**
   * Appends the filter of {@code any NAME where} for one list element held in {@code column}: and,
   * or and not nest; a test of a path reads it in the element ({@link #jsonCheck}); a nested {@code
   * any} recurses ({@link #anyWhere}). Any other condition reads more than the element and is
   * refused.
   */
  default void elementFilter(SegmentSqlCompiler out, String column, Expr filter) {
    if (filter instanceof And || filter instanceof Or) {
      List<Expr> args = filter instanceof And and ? and.args() : ((Or) filter).args();
      out.sql("(");
      for (int i = 0; i < args.size(); i++) {
        out.sql(i == 0 ? "" : filter instanceof And ? " AND " : " OR ");
        elementFilter(out, column, args.get(i));
      }
      out.sql(")");
    } else if (filter instanceof Not not) {
      out.sql("NOT ");
      elementFilter(out, column, not.arg());
    } else if (filter instanceof AnyWhere any && !any.path().system()) {
      anyWhere(out, column, any);
    } else if (filter instanceof PathCheck check && !check.path().system()) {
      jsonCheck(out, column, check.path(), check.check());
    } else if (filter instanceof Everyone) {
      out.sql(bool(true));
    } else {
      throw out.unsupported("any with a filter reading more than the element: " + filter);
    }
  }

  /**
   * {@code check} on {@code $identifier.TYPE}: the list of the profile's identifier values of the
   * type, missing when there are none. Never called for {@code is [not] empty}.
   */
  void identifiersCheck(SegmentSqlCompiler out, String type, Check check);

  /**
   * {@code check} on a text field ({@code $id}, {@code $type}, {@code $source}); {@code column} is
   * null where the field has no value (missing). Never called for {@code =} or {@code !=} a text on
   * a column.
   */
  void textCheck(SegmentSqlCompiler out, @Nullable String column, Check check);

  /**
   * {@code check} on an instant field ({@code $created_at}, {@code $updated_at}, {@code
   * $timestamp}), a column of nanoseconds since the epoch whose value the evaluator reads as its
   * ISO-8601 text; {@code column} is null where the field has no value (missing).
   */
  void instantCheck(SegmentSqlCompiler out, @Nullable String column, Check check);

  /**
   * An expression (not a condition) for the profile's marketing consent status on the channel at
   * the context's {@code now}: the text {@code GRANTED}, {@code DENIED} or {@code UNKNOWN}.
   */
  void consentStatus(SegmentSqlCompiler out, String channel);

  /**
   * {@code sum|avg|min|max of path OP number} over the events that {@code rows} selects: {@code
   * rows} appends {@code FROM events e WHERE ...} (the profile's events of the type, window and
   * filter).
   */
  void metric(SegmentSqlCompiler out, Aggregate.MetricOf metric, Runnable rows);
}

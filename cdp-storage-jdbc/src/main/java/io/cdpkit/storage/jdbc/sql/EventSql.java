package io.cdpkit.storage.jdbc.sql;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.spi.InstantRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@code event} condition (counts, metrics, windows, filters) into a {@link
 * SegmentSqlCompiler}: per profile over {@code events e} of {@code p}, or, where the dialect says
 * so, as membership in a set of profiles computed once (see the compiler's design note).
 */
final class EventSql {
  private static final long NANOS = 1_000_000_000L;

  private final SegmentSqlCompiler out;
  private final SqlDialect dialect;

  EventSql(SegmentSqlCompiler out, SqlDialect dialect) {
    this.out = out;
    this.dialect = dialect;
  }

  void event(EventCondition event) {
    Aggregate aggregate = event.aggregate();
    boolean everywhere = dialect.eventsAsSets();
    boolean asSet = (everywhere || out.conjunctive() && dialect.positiveSetsUnderAnd())
        && event.type() != null && !readsProfile(event.filter());
    if (aggregate instanceof Aggregate.Count count) {
      if (asSet && (everywhere || positive(count))) {
        countAsSet(event, count);
      } else {
        countOfProfile(event, count);
      }
      return;
    }
    Aggregate.MetricOf metric = (Aggregate.MetricOf) aggregate;
    if (!(metric.value() instanceof Literal.Num)) {
      throw out.unsupported("a metric compared with a non-number");
    }
    if (asSet && (everywhere || !holdsOnNone(metric))) {
      metricAsSet(event, metric);
    } else {
      dialect.metric(out, metric, () -> eventRows(event, "p.id"));
    }
  }

  /**
   * True when the event, joined to the top by AND alone, is written as a positive set on a dialect
   * with {@link SqlDialect#positiveSetsUnderAnd()}: a count of at least 2 or exactly N > 0, or a
   * metric that does not hold over no events, of one type, with a filter reading only the event.
   */
  boolean positiveSet(EventCondition event) {
    if (event.type() == null || readsProfile(event.filter())) {
      return false;
    }
    if (event.aggregate() instanceof Aggregate.Count count) {
      return positive(count);
    }
    Aggregate.MetricOf metric = (Aggregate.MetricOf) event.aggregate();
    return metric.value() instanceof Literal.Num && !holdsOnNone(metric);
  }

  private void countOfProfile(EventCondition event, Aggregate.Count count) {
    long n = count.count();
    switch (count.op()) {
      case AT_LEAST:
        if (n <= 0) {
          out.sql(dialect.bool(true));
        } else if (n == 1) {
          out.sql("EXISTS (SELECT 1");
          eventRows(event, "p.id");
          out.sql(")");
        } else {
          limitedCount(event, n);
          out.sql(" >= ").param(n);
        }
        return;
      case AT_MOST:
        if (n < 0) {
          out.sql(dialect.bool(false));
        } else if (n == 0) {
          out.sql("NOT EXISTS (SELECT 1");
          eventRows(event, "p.id");
          out.sql(")");
        } else {
          limitedCount(event, n + 1);
          out.sql(" <= ").param(n);
        }
        return;
      default:
        if (n < 0) {
          out.sql(dialect.bool(false));
        } else {
          limitedCount(event, n + 1);
          out.sql(" = ").param(n);
        }
    }
  }

  /**
   * A metric as membership in the set of profiles whose events' metric holds (written by the
   * dialect), or, when the metric of no events holds (a sum compared with 0), also of the profiles
   * with no such events.
   */
  private void metricAsSet(EventCondition event, Aggregate.MetricOf metric) {
    boolean onNone = holdsOnNone(metric);
    out.sql("(");
    dialect.profilesWithMetric(out, metric, onNone, owner -> eventRows(event, owner));
    if (onNone) {
      out.sql(" OR NOT p.id IN (SELECT e.profile_id");
      eventRows(event, null);
      out.sql(")");
    }
    out.sql(")");
  }

  /** True when the metric holds over no events (a sum compared with 0 that holds for 0). */
  private static boolean holdsOnNone(Aggregate.MetricOf metric) {
    BigDecimal number = ((Literal.Num) metric.value()).value();
    return metric.metric() == Aggregate.Metric.SUM
        && metric.op().holds(BigDecimal.ZERO.compareTo(number));
  }

  /**
   * True when {@link #countAsSet} writes the count as a positive {@code p.id IN} (or a constant)
   * with a GROUP BY: at least 1 stays the per-profile EXISTS, which PostgreSQL joins already.
   */
  private static boolean positive(Aggregate.Count count) {
    return count.op() == Aggregate.CountOp.AT_LEAST && count.count() > 1
        || count.op() == Aggregate.CountOp.EXACTLY && count.count() != 0;
  }

  /** An event count as membership in the set of profiles with enough events. */
  private void countAsSet(EventCondition event, Aggregate.Count count) {
    long n = count.count();
    switch (count.op()) {
      case AT_LEAST:
        if (n <= 0) {
          out.sql(dialect.bool(true));
        } else {
          profilesWith(event, ">=", n);
        }
        return;
      case AT_MOST:
        if (n < 0) {
          out.sql(dialect.bool(false));
        } else {
          out.sql("NOT ");
          profilesWith(event, ">=", n + 1);
        }
        return;
      default:
        if (n < 0) {
          out.sql(dialect.bool(false));
        } else if (n == 0) {
          out.sql("NOT ");
          profilesWith(event, ">=", 1);
        } else {
          profilesWith(event, "=", n);
        }
    }
  }

  /** {@code p.id IN} the profiles whose count of matching events is {@code op n} (n >= 1). */
  private void profilesWith(EventCondition event, String op, long n) {
    out.sql("p.id IN (");
    ownersWith(event, op, n);
    out.sql(")");
  }

  /**
   * {@code SELECT e.profile_id ...}: the owners of enough events for a count that is a positive set
   * ({@link #positiveSet}), which may name profiles that no longer exist.
   */
  void owners(EventCondition event) {
    Aggregate.Count count = (Aggregate.Count) event.aggregate();
    ownersWith(event, count.op() == Aggregate.CountOp.EXACTLY ? "=" : ">=", count.count());
  }

  private void ownersWith(EventCondition event, String op, long n) {
    out.sql("SELECT e.profile_id");
    eventRows(event, null);
    if (n > 1 || !op.equals(">=")) {
      out.sql(" GROUP BY e.profile_id HAVING count(*) " + op + " ").param(n);
    }
  }

  /**
   * True when an event filter reads the profile ({@code $id}, {@code $identifier},
   * {@code $created_at}, ...), so that it can only run per profile.
   */
  private static boolean readsProfile(@Nullable Expr filter) {
    if (filter == null || filter instanceof Everyone) {
      return false;
    }
    if (filter instanceof And and) {
      return and.args().stream().anyMatch(EventSql::readsProfile);
    }
    if (filter instanceof Or or) {
      return or.args().stream().anyMatch(EventSql::readsProfile);
    }
    if (filter instanceof Not not) {
      return readsProfile(not.arg());
    }
    if (filter instanceof AnyWhere any) {
      return any.path().system() || readsProfile(any.filter());
    }
    if (filter instanceof PathCheck check) {
      Path path = check.path();
      return path.system() && !List.of("type", "source", "timestamp").contains(path.systemField());
    }
    return true;
  }

  private void limitedCount(EventCondition event, long limit) {
    out.sql("(SELECT count(*) FROM (SELECT 1");
    eventRows(event, "p.id");
    out.sql(" LIMIT ").param(limit).sql(") n)");
  }

  /**
   * {@code FROM events e WHERE ...}: the events of the type, window and filter; of the profile
   * {@code owner} (a fixed SQL expression), or of everyone when null (the type is then given).
   */
  private void eventRows(EventCondition event, @Nullable String owner) {
    out.sql(" FROM events e WHERE ").sql(owner == null ? "" : "e.profile_id = " + owner);
    if (event.type() != null) {
      out.sql(owner == null ? "e.type = " : " AND e.type = ").param(event.type());
    }
    InstantRange window =
        InstantRange.of(event.window(), out.context().now(), out.context().zone(), true);
    bound(window.low(), window.lowInclusive(), true);
    bound(window.high(), window.highInclusive(), false);
    if (event.filter() != null) {
      out.sql(" AND (");
      out.filter(event.filter());
      out.sql(")");
    }
  }

  /** One end of a window on {@code e.ts}; an end beyond the range of stored instants is exact. */
  private void bound(@Nullable Instant at, boolean inclusive, boolean low) {
    if (at == null) {
      return;
    }
    BigDecimal nanos = BigDecimal.valueOf(at.getEpochSecond()).multiply(BigDecimal.valueOf(NANOS))
        .add(BigDecimal.valueOf(at.getNano()));
    boolean below = nanos.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0;
    boolean above = nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0;
    if (low ? below : above) {
      return;
    }
    if (low ? above : below) {
      out.sql(" AND ").sql(dialect.bool(false));
      return;
    }
    out.sql(low ? (inclusive ? " AND e.ts >= " : " AND e.ts > ")
        : (inclusive ? " AND e.ts <= " : " AND e.ts < ")).param(nanos.longValueExact());
  }
}

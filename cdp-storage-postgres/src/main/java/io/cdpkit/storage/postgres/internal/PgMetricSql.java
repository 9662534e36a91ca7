package io.cdpkit.storage.postgres.internal;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Design: numeric is an exact decimal, as BigDecimal, so sum, min and max are the evaluator's to
 * the last digit with no rounding guard (SQLite needs one for its doubles). Per event the value
 * counts as the evaluator's metric reads it: a JSON number is one number; a list gives its number
 * elements (the aggregate of them, NULL when none); texts (also "5"), booleans, objects, nulls
 * and missing values count as nothing. System fields other than $computed are texts: nothing. avg is
 * not answered here: the evaluator divides with 34 significant digits and compares the rounded
 * quotient, which an exact comparison does not always reproduce.
 */

/** sum, min and max of an event path in PostgreSQL, per profile or as a set of profiles. */
final class PgMetricSql {
  private PgMetricSql() {}

  /** {@code (metric over the profile's events rows) OP number}, never NULL. */
  static void ofProfile(SegmentSqlCompiler out, Aggregate.MetricOf metric, Runnable rows) {
    String aggregate = aggregate(out, metric);
    out.sql("coalesce((SELECT ");
    total(out, metric, aggregate);
    rows.run();
    out.sql(") " + metric.op().symbol() + " ").param(number(metric)).sql(", FALSE)");
  }

  /**
   * {@code p.id IN} the profiles whose events' metric holds; the caller adds those with no events
   * where the metric over none holds ({@code onNone}).
   */
  static void profilesWith(SegmentSqlCompiler out, Aggregate.MetricOf metric, boolean onNone,
      Consumer<@Nullable String> rows) {
    String aggregate = aggregate(out, metric);
    out.sql("p.id IN (SELECT e.profile_id");
    rows.accept(null);
    out.sql(" GROUP BY e.profile_id HAVING coalesce(");
    total(out, metric, aggregate);
    out.sql(" " + metric.op().symbol() + " ").param(number(metric)).sql(", ")
        .sql(onNone ? "TRUE" : "FALSE").sql("))");
  }

  /** The aggregate of the events' numbers; a sum over no numbers is 0, min and max NULL. */
  private static void total(SegmentSqlCompiler out, Aggregate.MetricOf metric, String aggregate) {
    boolean sum = metric.metric() == Aggregate.Metric.SUM;
    out.sql(sum ? "coalesce(" : "").sql(aggregate + "(");
    Path path = metric.path();
    if (path.system()) {
      out.sql("NULL::numeric");
    } else {
      Runnable v = () -> out.sql("(e.properties -> ").param(path.parts().get(0)).sql(")");
      out.sql("CASE jsonb_typeof(");
      v.run();
      out.sql(") WHEN 'number' THEN ");
      v.run();
      out.sql("::numeric WHEN 'array' THEN (SELECT " + aggregate + "(m.v::numeric) FROM"
          + " jsonb_array_elements(");
      v.run();
      out.sql(") m(v) WHERE jsonb_typeof(m.v) = 'number') END");
    }
    out.sql(")").sql(sum ? ", 0)" : "");
  }

  private static String aggregate(SegmentSqlCompiler out, Aggregate.MetricOf metric) {
    if (metric.metric() == Aggregate.Metric.AVG) {
      throw out.unsupported("an avg (the evaluator rounds the quotient to 34 digits)");
    }
    if (metric.path().system() && metric.path().systemField().equals("computed")) {
      throw out.unsupported("a metric of " + metric.path() + ", computed in Java");
    }
    if (!metric.path().system() && metric.path().parts().size() != 1) {
      throw out.unsupported("a metric of a path below the first level: " + metric.path());
    }
    return metric.metric().name().toLowerCase(Locale.ROOT);
  }

  private static BigDecimal number(Aggregate.MetricOf metric) {
    return ((Literal.Num) metric.value()).value();
  }
}

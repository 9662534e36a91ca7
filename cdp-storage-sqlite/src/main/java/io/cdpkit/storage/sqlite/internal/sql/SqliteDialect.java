package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.core.spi.NumericText;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: SQLite answers every node. Where its own comparison is exactly the evaluator's (integers
 * against an integer literal, texts against text literals with = != in and not in) the test is
 * native SQL; any other value goes to the evaluator itself through cdp_check on the value SQL
 * extracted (see SegmentFunctions). Native where it decides, Java where it cannot:
 * - = and in a text that reads as neither a number nor a boolean: json_extract alone, Java only
 *   for a list; numbers against an integer literal: json_type, then json_extract for integers.
 * - any NAME where: json_each over the list's object elements, each test native or Java.
 * - metrics as a set: double partial aggregates per profile; the exact Java aggregate over one
 *   profile's events only for lists or a result within rounding distance of the number.
 * - consent: UNKNOWN in SQL when no decision names the channel; else the Java rules.
 */

/** SQLite's {@link SqlDialect}: json_type / json_extract, and the Java functions of {@link SegmentFunctions}. */
public final class SqliteDialect implements SqlDialect {
  public static final SqliteDialect INSTANCE = new SqliteDialect();

  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SqliteDialect() {}

  /** SQLite computes an uncorrelated {@code IN} set once, wherever it stands. */
  @Override
  public boolean eventsAsSets() {
    return true;
  }

  @Override
  public String bool(boolean value) {
    return value ? "1" : "0";
  }

  @Override
  public void jsonCheck(SegmentSqlCompiler out, String column, Path path, Check check) {
    if (path.parts().size() == 1 && SAFE_NAME.matcher(path.parts().get(0)).matches()
        && nativeCheck(out, check, column, "$." + path.parts().get(0))) {
      return;
    }
    javaCheck(out, new PathCheck(valuePath(path), check), SegmentFunctions.Input.JSON);
    firstPart(out, path, column);
    out.sql(")");
  }

  /**
   * Natively, as the evaluator: true when the value is a list with an object element that passes
   * the filter (paths read in the element); the filter's own tests are native or Java per element.
   * A longer path or a filter reading more than the element goes to the evaluator whole.
   */
  @Override
  public void anyWhere(SegmentSqlCompiler out, String column, AnyWhere any) {
    String name = any.path().parts().get(0);
    if (any.path().parts().size() == 1 && SAFE_NAME.matcher(name).matches()
        && elementOnly(any.filter())) {
      // j, jj, jjj...: one alias per nesting level, since an inner any reads the outer element.
      String element = column.startsWith("j") ? column.substring(0, column.indexOf('.')) + "j" : "j";
      // An integer key is an array's element (an object's fields have text keys, a scalar none):
      // the list test without a json_type call of its own, which would parse the column again.
      out.sql("EXISTS (SELECT 1 FROM json_each(" + column + ", ").param("$." + name)
          .sql(") " + element + " WHERE " + element + ".type = 'object' AND typeof(" + element
              + ".key) = 'integer' AND ");
      elementFilter(out, element + ".value", any.filter());
      out.sql(")");
      return;
    }
    javaCheck(out, new AnyWhere(valuePath(any.path()), any.filter()), SegmentFunctions.Input.JSON);
    firstPart(out, any.path(), column);
    out.sql(")");
  }

  /** True when the filter reads nothing but the element's own fields. */
  private static boolean elementOnly(Expr filter) {
    if (filter instanceof And and) {
      return and.args().stream().allMatch(SqliteDialect::elementOnly);
    }
    if (filter instanceof Or or) {
      return or.args().stream().allMatch(SqliteDialect::elementOnly);
    }
    if (filter instanceof Not not) {
      return elementOnly(not.arg());
    }
    if (filter instanceof AnyWhere any) {
      return !any.path().system() && elementOnly(any.filter());
    }
    return filter instanceof Everyone
        || filter instanceof PathCheck check && !check.path().system();
  }

  @Override
  public void identifiersCheck(SegmentSqlCompiler out, String type, Check check) {
    javaCheck(out, valueCheck(check), SegmentFunctions.Input.IDENTIFIERS);
    out.sql("(SELECT json_group_array(i.value) FROM identifiers i WHERE i.profile_id = p.id"
        + " AND i.type = ").param(type).sql("))");
  }

  @Override
  public void textCheck(SegmentSqlCompiler out, @Nullable String column, Check check) {
    javaCheck(out, valueCheck(check), SegmentFunctions.Input.TEXT);
    out.sql(column == null ? "NULL" : column).sql(")");
  }

  @Override
  public void instantCheck(SegmentSqlCompiler out, @Nullable String column, Check check) {
    javaCheck(out, valueCheck(check), SegmentFunctions.Input.INSTANT);
    out.sql(column == null ? "NULL" : column).sql(")");
  }

  /** UNKNOWN in SQL when no decision names the channel; the Java rules (latest, expiry) otherwise. */
  @Override
  public void consentStatus(SegmentSqlCompiler out, String channel) {
    out.sql("(CASE WHEN p.consents = '[]' OR NOT EXISTS (SELECT 1 FROM json_each(p.consents) c"
        + " WHERE c.value ->> 'channel' = ").param(channel).sql(") THEN 'UNKNOWN' ELSE ")
        .sql(SegmentFunctions.CONSENT + "(")
        .param(hold(out, new SegmentFunctions.ConsentAt(channel, out.context().now())))
        .sql(", p.consents) END)");
  }

  /** Exact decimals through the cdp_metric aggregate; the answer over no events is the evaluator's. */
  @Override
  public void metric(SegmentSqlCompiler out, Aggregate.MetricOf metric, Runnable rows) {
    BigDecimal number = ((Literal.Num) metric.value()).value();
    BigDecimal none = metric.metric() == Aggregate.Metric.SUM ? BigDecimal.ZERO : null;
    boolean onNone = none != null && metric.op().holds(none.compareTo(number));
    out.sql("coalesce((SELECT ");
    metricAggregate(out, metric);
    rows.run();
    out.sql("), ").sql(bool(onNone)).sql(")");
  }

  /**
   * Native partial aggregates per profile in one pass over the type's events (double sums,
   * minimums, maximums of the plain numbers; texts, objects and booleans count as nothing, as in
   * the evaluator), and the exact Java aggregate over that profile's events only where native
   * cannot decide: a list among the values, or a result within rounding distance of the number.
   */
  @Override
  public void profilesWithMetric(SegmentSqlCompiler out, Aggregate.MetricOf metric, boolean onNone,
      Consumer<@Nullable String> rows) {
    Path path = metric.path();
    String name = path.system() ? "" : path.parts().get(0);
    if (path.parts().size() != 1 || !SAFE_NAME.matcher(name).matches()) {
      out.sql("p.id IN (SELECT e.profile_id");
      rows.accept(null);
      out.sql(" GROUP BY e.profile_id HAVING coalesce(");
      metricAggregate(out, metric);
      out.sql(", ").sql(bool(onNone)).sql("))");
      return;
    }
    String at = "$." + name;
    boolean sums =
        metric.metric() == Aggregate.Metric.SUM || metric.metric() == Aggregate.Metric.AVG;
    // Two JSON calls per event (type, value); which values are numbers is decided per group.
    String x = "CASE WHEN r.t IN ('integer', 'real') THEN r.x END";
    out.sql("p.id IN (SELECT g.pid FROM (SELECT r.pid, sum(r.t = 'array') AS lists, count(" + x + ") AS n, "
        + (sums ? "total(" + x + ") AS s, total(abs(" + x + ")) AS a"
            : "min(" + x + ") AS lo, max(" + x + ") AS hi")
        + " FROM (SELECT e.profile_id AS pid, json_type(e.properties, ").param(at)
        .sql(") AS t, json_extract(e.properties, ").param(at).sql(") AS x");
    rows.accept(null);
    // LIMIT -1 keeps r a subquery of its own: flattened, each aggregate would extract x again.
    out.sql(" LIMIT -1) r GROUP BY r.pid) g WHERE CASE WHEN g.lists = 0 AND ");
    String number = ((Literal.Num) metric.value()).value().toString();
    Runnable c = () -> out.sql("CAST(").param(number).sql(" AS REAL)");
    String op = metric.op().symbol();
    // Decided when the double result is farther from the number than its rounding could move it.
    switch (metric.metric()) {
      case SUM:
        out.sql("abs(g.s - ");
        c.run();
        out.sql(") > (g.n + 1) * 1e-13 * (g.a + abs(");
        c.run();
        out.sql(")) THEN g.s - ");
        c.run();
        break;
      case AVG:
        out.sql("g.n = 0 THEN 0 WHEN g.lists = 0 AND abs(g.s - g.n * ");
        c.run();
        out.sql(") > (g.n + 1) * 1e-13 * (g.a + g.n * abs(");
        c.run();
        out.sql(")) THEN g.s - g.n * ");
        c.run();
        break;
      default:
        String m = metric.metric() == Aggregate.Metric.MIN ? "g.lo" : "g.hi";
        out.sql("g.n = 0 THEN 0 WHEN g.lists = 0 AND abs(" + m + " - ");
        c.run();
        out.sql(") > 1e-13 * (abs(" + m + ") + abs(");
        c.run();
        out.sql(")) THEN " + m + " - ");
        c.run();
    }
    out.sql(" " + op + " 0");
    out.sql(" ELSE coalesce((SELECT ");
    metricAggregate(out, metric);
    rows.accept("g.pid");
    out.sql("), ").sql(bool(onNone)).sql(") END)");
  }

  private void metricAggregate(SegmentSqlCompiler out, Aggregate.MetricOf metric) {
    BigDecimal number = ((Literal.Num) metric.value()).value();
    Path path = metric.path();
    out.sql(SegmentFunctions.METRIC + "(")
        .param(hold(out, new SegmentFunctions.Metric(metric.metric(),
            path.system() ? List.of() : path.parts().subList(1, path.parts().size()),
            metric.op(), number)))
        .sql(", ");
    if (path.system()) {
      // $type, $timestamp and $source are texts: never numbers, so every event is skipped.
      out.sql("NULL");
    } else {
      firstPart(out, path, "e.properties");
    }
    out.sql(")");
  }

  /**
   * Native SQL for the value kinds where SQLite's comparison is exactly the evaluator's; any
   * other value (missing, another kind, a list) goes to the evaluator in the ELSE branch.
   */
  private boolean nativeCheck(SegmentSqlCompiler out, Check check, String column, String jsonPath) {
    if (check instanceof Check.Compare compare
        && compare.value() instanceof Literal.Num num && fitsLong(num.value())) {
      // A JSON integer beyond 64 bits reads as a double, which lies on the same side of any
      // 64-bit literal as the integer. Missing values, nulls, booleans and objects are no numbers
      // (false, and != true); reals, texts and lists go to the evaluator.
      String none = bool(compare.op() == CompareOp.NE);
      out.sql("(CASE coalesce(json_type(" + column + ", ").param(jsonPath)
          .sql("), 'null') WHEN 'integer' THEN json_extract(" + column + ", ").param(jsonPath)
          .sql(") " + compare.op().symbol() + " ").param(num.value().longValueExact())
          .sql(" WHEN 'null' THEN " + none + " WHEN 'true' THEN " + none + " WHEN 'false' THEN "
              + none + " WHEN 'object' THEN " + none + " ELSE ");
      elseJava(out, check, column, jsonPath);
      return true;
    }
    List<String> texts = new ArrayList<>();
    String operator;
    if (check instanceof Check.Compare compare && compare.value() instanceof Literal.Text text
        && (compare.op() == CompareOp.EQ || compare.op() == CompareOp.NE)) {
      texts.add(text.value());
      operator = compare.op() == CompareOp.EQ ? " IN (" : " NOT IN (";
    } else if (check instanceof Check.InList in && !in.values().items().isEmpty()
        && in.values().items().stream().allMatch(Literal.Text.class::isInstance)) {
      in.values().items().forEach(item -> texts.add(((Literal.Text) item).value()));
      operator = in.negated() ? " NOT IN (" : " IN (";
    } else {
      return false;
    }
    if (texts.stream().allMatch(SqliteDialect::plainText)) {
      // json_extract gives such a text only for that string (a list or object gives its JSON
      // text, a number or boolean a number), and only a list can hold it otherwise: one JSON
      // call unless the column has a list somewhere ('[' in its text).
      boolean negated = operator.startsWith(" NOT");
      out.sql("(CASE WHEN json_extract(" + column + ", ").param(jsonPath).sql(") IN (");
      for (int i = 0; i < texts.size(); i++) {
        out.sql(i == 0 ? "" : ", ").param(texts.get(i));
      }
      out.sql(") THEN " + bool(!negated) + " WHEN instr(" + column + ", '[') > 0 AND json_type("
          + column + ", ").param(jsonPath).sql(") = 'array' THEN ");
      javaCheck(out, valueCheck(check), SegmentFunctions.Input.JSON);
      out.sql(column + " -> ").param(jsonPath).sql(") ELSE " + bool(negated) + " END)");
      return true;
    }
    out.sql("(CASE WHEN json_type(" + column + ", ").param(jsonPath)
        .sql(") = 'text' THEN json_extract(" + column + ", ").param(jsonPath).sql(")" + operator);
    for (int i = 0; i < texts.size(); i++) {
      out.sql(i == 0 ? "" : ", ").param(texts.get(i));
    }
    out.sql(") ELSE ");
    elseJava(out, check, column, jsonPath);
    return true;
  }

  private void elseJava(SegmentSqlCompiler out, Check check, String column, String jsonPath) {
    javaCheck(out, valueCheck(check), SegmentFunctions.Input.JSON);
    out.sql(column + " -> ").param(jsonPath).sql(") END)");
  }

  /** Opens {@code cdp_check(handle, } for the rewritten expression; the caller adds the value. */
  private static void javaCheck(SegmentSqlCompiler out, Expr rewritten, SegmentFunctions.Input input) {
    out.sql(SegmentFunctions.CHECK + "(")
        .param(hold(out, new SegmentFunctions.Check(SegmentExpression.of(rewritten).compile(),
            out.context(), input)))
        .sql(", ");
  }

  /** The JSON text of the path's first part in {@code column}, or NULL when absent. */
  private static void firstPart(SegmentSqlCompiler out, Path path, String column) {
    String name = path.parts().get(0);
    if (SAFE_NAME.matcher(name).matches()) {
      out.sql(column + " -> ").param("$." + name);
    } else {
      out.sql(SegmentFunctions.FIELD + "(" + column + ", ").param(name).sql(")");
    }
  }

  /** The check on the attribute the evaluator is given the value as. */
  private static PathCheck valueCheck(Check check) {
    return new PathCheck(Path.attr(SegmentValues.VALUE), check);
  }

  /** The path with its first part renamed to the attribute the evaluator is given the value as. */
  private static Path valuePath(Path path) {
    List<String> parts = new ArrayList<>(path.parts());
    parts.set(0, SegmentValues.VALUE);
    return new Path(false, parts);
  }

  private static long hold(SegmentSqlCompiler out, Object target) {
    long handle = SegmentFunctions.hold(target);
    out.onClose(() -> SegmentFunctions.release(handle));
    return handle;
  }

  /**
   * True for a text that reads as neither a number nor a boolean (so only a string equals it, or
   * a list holding the string) and that no JSON text of a list or object can equal.
   */
  private static boolean plainText(String text) {
    return NumericText.parse(text) == null && !text.equalsIgnoreCase("true")
        && !text.equalsIgnoreCase("false") && !text.startsWith("[") && !text.startsWith("{");
  }

  private static boolean fitsLong(BigDecimal value) {
    try {
      value.longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}

package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: SQLite answers every node. Where its own comparison is exactly the evaluator's (integers
 * against an integer literal, texts against text literals with = != in and not in) the test is
 * native SQL; any other value goes to the evaluator itself through cdp_check on the value SQL
 * extracted (see SegmentFunctions). Consent and metrics are Java functions too.
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

  @Override
  public void anyWhere(SegmentSqlCompiler out, String column, AnyWhere any) {
    javaCheck(out, new AnyWhere(valuePath(any.path()), any.filter()), SegmentFunctions.Input.JSON);
    firstPart(out, any.path(), column);
    out.sql(")");
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

  @Override
  public void consentStatus(SegmentSqlCompiler out, String channel) {
    out.sql(SegmentFunctions.CONSENT + "(")
        .param(hold(out, new SegmentFunctions.ConsentAt(channel, out.context().now())))
        .sql(", p.consents)");
  }

  /** Exact decimals through the cdp_metric aggregate; the answer over no events is the evaluator's. */
  @Override
  public void metric(SegmentSqlCompiler out, Aggregate.MetricOf metric, Runnable rows) {
    BigDecimal number = ((Literal.Num) metric.value()).value();
    BigDecimal none = metric.metric() == Aggregate.Metric.SUM ? BigDecimal.ZERO : null;
    boolean onNone = none != null && SegmentValues.holds(metric.op(), none.compareTo(number));
    out.sql("coalesce((SELECT ");
    metricAggregate(out, metric);
    rows.run();
    out.sql("), ").sql(bool(onNone)).sql(")");
  }

  @Override
  public void metricAggregate(SegmentSqlCompiler out, Aggregate.MetricOf metric) {
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
      out.sql("(CASE WHEN json_type(" + column + ", ").param(jsonPath)
          .sql(") = 'integer' AND typeof(json_extract(" + column + ", ").param(jsonPath)
          .sql(")) = 'integer' THEN json_extract(" + column + ", ").param(jsonPath)
          .sql(") " + compare.op().symbol() + " ").param(num.value().longValueExact())
          .sql(" ELSE ");
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

  private static boolean fitsLong(BigDecimal value) {
    try {
      value.longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}

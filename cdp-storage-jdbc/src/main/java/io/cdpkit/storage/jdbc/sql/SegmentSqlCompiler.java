package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.ConsentIs;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.internal.eval.Interval;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/*
 * Design: the expression becomes one WHERE condition over "profiles p", each node a SQL
 * expression that is never NULL (so NOT, AND and OR are two-valued, like the evaluator). Every
 * value from the expression is a bound parameter, JSON paths included; the SQL text holds only
 * fixed words, so nothing a user writes reaches it.
 *
 * - and / or / not / everyone: SQL's.
 * - event: EXISTS or a bounded COUNT over "events e" of the profile (events_by_profile index),
 *   type and window bounds from the evaluator's own Interval bound as nanoseconds, the filter compiled in event
 *   scope; sum/avg/min/max through the cdp_metric aggregate (exact decimals).
 * - in segment: the saved expression inlined (64 levels at most, as the evaluator).
 * - in group: EXISTS on static_group_members, when the service reads groups from this store.
 * - consent / reachable via: cdp_consent (Profile.consentStatus) and the identifiers table, as
 *   ReachabilityPolicy.check decides.
 * - path tests: the evaluator itself through cdp_check on the value SQL extracts, with native SQL
 *   where it is exact: integers against an integer literal, texts against text literals with
 *   = != in and not in, $identifier.T is [not] empty, $id / $type / $source = text.
 * - $computed.NAME (computed in Java by the service) cannot be answered: the whole expression
 *   falls back to the evaluator.
 */

/** Compiles a segment expression into a parameterised SQLite condition on {@code profiles p}. */
public final class SegmentSql {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_SEGMENT_DEPTH = 64;
  private static final long NANOS = 1_000_000_000L;

  private final SegmentQuery query;
  private final EvaluationContext context;
  private final boolean groupsReadable;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private final List<Long> handles = new ArrayList<>();
  private int depth;

  private SegmentSql(SegmentQuery query, boolean groupsReadable) {
    this.query = query;
    this.context = query.context();
    this.groupsReadable = groupsReadable;
  }

  /** A compiled condition: SQL text with {@code ?} parameters, and the handles it holds. */
  public static final class Compiled implements AutoCloseable {
    private final String where;
    private final List<Object> params;
    private final List<Long> handles;

    private Compiled(String where, List<Object> params, List<Long> handles) {
      this.where = where;
      this.params = List.copyOf(params);
      this.handles = List.copyOf(handles);
    }

    /** The condition on {@code profiles p}. */
    public String where() {
      return where;
    }

    /** The parameters, in order: String, Long, Integer or BigDecimal. */
    public List<Object> params() {
      return params;
    }

    /** Releases the Java objects the query's function calls name. */
    @Override
    public void close() {
      for (long handle : handles) {
        SegmentFunctions.release(handle);
      }
    }
  }

  /** Thrown inside the compiler for a node SQL cannot answer exactly. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * Compiles the query's expression; empty when some node cannot be answered exactly in SQL.
   *
   * @param groupsReadable whether {@code static_group_members} holds the groups the query's
   *     service reads
   */
  public static Optional<Compiled> compile(SegmentQuery query, boolean groupsReadable) {
    SegmentSql compiler = new SegmentSql(query, groupsReadable);
    try {
      compiler.profile(query.expr());
    } catch (Unsupported e) {
      compiler.handles.forEach(SegmentFunctions::release);
      return Optional.empty();
    }
    return Optional.of(new Compiled(compiler.sql.toString(), compiler.params, compiler.handles));
  }

  /** Why an expression falls back, or empty when it compiles; for tests and logs. */
  public static Optional<String> unsupportedReason(SegmentQuery query, boolean groupsReadable) {
    SegmentSql compiler = new SegmentSql(query, groupsReadable);
    try {
      compiler.profile(query.expr());
      return Optional.empty();
    } catch (Unsupported e) {
      return Optional.of(e.getMessage());
    } finally {
      compiler.handles.forEach(SegmentFunctions::release);
    }
  }

  // ---- profile scope

  private void profile(Expr expr) {
    if (expr instanceof And and) {
      junction(and.args(), " AND ", false);
    } else if (expr instanceof Or or) {
      junction(or.args(), " OR ", false);
    } else if (expr instanceof Not not) {
      sql.append("NOT (");
      profile(not.arg());
      sql.append(')');
    } else if (expr instanceof Everyone) {
      sql.append('1');
    } else if (expr instanceof PathCheck check) {
      pathCheck(check, false);
    } else if (expr instanceof AnyWhere any) {
      anyWhere(any, false);
    } else if (expr instanceof EventCondition event) {
      event(event);
    } else if (expr instanceof InSegment segment) {
      inSegment(segment);
    } else if (expr instanceof InGroup group) {
      if (!groupsReadable) {
        throw new Unsupported("in group: the service reads groups from another store");
      }
      sql.append("EXISTS (SELECT 1 FROM static_group_members g WHERE g.group_name = ?"
          + " AND g.profile_id = p.id)");
      params.add(group.name());
    } else if (expr instanceof ConsentIs consent) {
      consentStatus(consent.channel().toLowerCase(Locale.ROOT));
      sql.append(" = ?");
      params.add(consent.status().name());
    } else if (expr instanceof ReachableVia reachable) {
      reachable(reachable.channel().toLowerCase(Locale.ROOT));
    } else {
      throw new Unsupported("unknown node " + expr);
    }
  }

  private void junction(List<Expr> args, String operator, boolean event) {
    sql.append('(');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sql.append(operator);
      }
      sql.append('(');
      if (event) {
        filter(args.get(i));
      } else {
        profile(args.get(i));
      }
      sql.append(')');
    }
    sql.append(')');
  }

  private void inSegment(InSegment segment) {
    Optional<Expr> target = query.segments().apply(segment.name());
    if (target.isEmpty()) {
      throw new Unsupported("unknown segment " + segment.name());
    }
    if (depth >= MAX_SEGMENT_DEPTH) {
      throw new Unsupported("more than " + MAX_SEGMENT_DEPTH + " nested segment references");
    }
    depth++;
    sql.append('(');
    profile(target.get());
    sql.append(')');
    depth--;
  }

  private void consentStatus(String channel) {
    sql.append(SegmentFunctions.CONSENT).append("(?, p.consents)");
    params.add(hold(new SegmentFunctions.ConsentAt(channel, context.now())));
  }

  /** {@link ReachabilityPolicy#check}: not opted out, a deliverable identifier, consent allows. */
  private void reachable(String channel) {
    ReachabilityPolicy policy = context.reachability();
    List<String> types = policy.identifierTypes(channel);
    sql.append("(");
    consentStatus(ConsentChange.ALL_CHANNELS);
    sql.append(" <> 'DENIED' AND EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
        + " AND i.deliverable <> 0 AND i.type IN (");
    for (int i = 0; i < types.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      params.add(types.get(i));
    }
    if (types.isEmpty()) {
      sql.append("NULL");
    }
    sql.append(")) AND ");
    consentStatus(channel);
    sql.append(" IN (?, ?))");
    params.add(ConsentStatus.GRANTED.name());
    params.add(policy.unknownConsentReachable(channel)
        ? ConsentStatus.UNKNOWN.name() : ConsentStatus.GRANTED.name());
  }

  // ---- events

  private void event(EventCondition event) {
    Aggregate aggregate = event.aggregate();
    if (aggregate instanceof Aggregate.Count count) {
      long n = count.count();
      switch (count.op()) {
        case AT_LEAST:
          if (n <= 0) {
            sql.append('1');
          } else if (n == 1) {
            sql.append("EXISTS (SELECT 1");
            eventRows(event);
            sql.append(')');
          } else {
            limitedCount(event, n);
            sql.append(" >= ?");
            params.add(n);
          }
          return;
        case AT_MOST:
          if (n < 0) {
            sql.append('0');
          } else if (n == 0) {
            sql.append("NOT EXISTS (SELECT 1");
            eventRows(event);
            sql.append(')');
          } else {
            limitedCount(event, n + 1);
            sql.append(" <= ?");
            params.add(n);
          }
          return;
        default:
          if (n < 0) {
            sql.append('0');
          } else {
            limitedCount(event, n + 1);
            sql.append(" = ?");
            params.add(n);
          }
          return;
      }
    }
    Aggregate.MetricOf metric = (Aggregate.MetricOf) aggregate;
    if (!(metric.value() instanceof Literal.Num number)) {
      throw new Unsupported("a metric compared with a non-number");
    }
    Path path = metric.path();
    BigDecimal none = metric.metric() == Aggregate.Metric.SUM ? BigDecimal.ZERO : null;
    boolean onNone = none != null && SegmentValues.holds(metric.op(), none.compareTo(number.value()));
    sql.append("coalesce((SELECT ").append(SegmentFunctions.METRIC).append("(?, ");
    params.add(hold(new SegmentFunctions.Metric(metric.metric(),
        path.system() ? List.of() : path.parts().subList(1, path.parts().size()),
        metric.op(), number.value())));
    if (path.system()) {
      // $type, $timestamp and $source are texts: never numbers, so every event is skipped.
      sql.append("NULL");
    } else {
      firstPart(path, "e.properties");
    }
    sql.append(')');
    eventRows(event);
    sql.append("), ").append(onNone ? '1' : '0').append(')');
  }

  private void limitedCount(EventCondition event, long limit) {
    sql.append("(SELECT count(*) FROM (SELECT 1");
    eventRows(event);
    sql.append(" LIMIT ?))");
    params.add(limit);
  }

  /** {@code FROM events e WHERE ...}: the profile's events of the type, window and filter. */
  private void eventRows(EventCondition event) {
    sql.append(" FROM events e WHERE e.profile_id = p.id");
    if (event.type() != null) {
      sql.append(" AND e.type = ?");
      params.add(event.type());
    }
    Interval window = Interval.of(event.window(), context.now(), context.zone(), true);
    bound(window.low(), window.lowInclusive(), true);
    bound(window.high(), window.highInclusive(), false);
    if (event.filter() != null) {
      sql.append(" AND (");
      filter(event.filter());
      sql.append(')');
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
      sql.append(" AND 0");
      return;
    }
    sql.append(low ? (inclusive ? " AND e.ts >= ?" : " AND e.ts > ?")
        : (inclusive ? " AND e.ts <= ?" : " AND e.ts < ?"));
    params.add(nanos.longValueExact());
  }

  /** A condition on one event {@code e}: property tests, {@code $type}, {@code any}, ... */
  private void filter(Expr expr) {
    if (expr instanceof And and) {
      junction(and.args(), " AND ", true);
    } else if (expr instanceof Or or) {
      junction(or.args(), " OR ", true);
    } else if (expr instanceof Not not) {
      sql.append("NOT (");
      filter(not.arg());
      sql.append(')');
    } else if (expr instanceof Everyone) {
      sql.append('1');
    } else if (expr instanceof PathCheck check) {
      pathCheck(check, true);
    } else if (expr instanceof AnyWhere any) {
      anyWhere(any, true);
    } else {
      throw new Unsupported("a profile condition inside an event filter: " + expr);
    }
  }

  // ---- path tests

  private void anyWhere(AnyWhere any, boolean event) {
    if (any.path().system()) {
      throw new Unsupported("any over a system field");
    }
    Expr rewritten = new AnyWhere(valuePath(any.path()), any.filter());
    javaCheck(rewritten, SegmentFunctions.Input.JSON);
    firstPart(any.path(), event ? "e.properties" : "p.attributes");
    sql.append(')');
  }

  private void pathCheck(PathCheck check, boolean event) {
    Path path = check.path();
    if (path.system()) {
      systemCheck(check, event);
      return;
    }
    String column = event ? "e.properties" : "p.attributes";
    if (path.parts().size() == 1 && SAFE_NAME.matcher(path.parts().get(0)).matches()) {
      String jsonPath = "$." + path.parts().get(0);
      if (nativeCheck(check.check(), column, jsonPath)) {
        return;
      }
    }
    javaCheck(new PathCheck(valuePath(path), check.check()), SegmentFunctions.Input.JSON);
    firstPart(path, column);
    sql.append(')');
  }

  /**
   * Native SQL for the value kinds where SQLite's comparison is exactly the evaluator's; any
   * other value (missing, another kind, a list) goes to the evaluator in the ELSE branch.
   */
  private boolean nativeCheck(Check check, String column, String jsonPath) {
    if (check instanceof Check.Compare compare
        && compare.value() instanceof Literal.Num num && fitsLong(num.value())) {
      sql.append("(CASE WHEN json_type(").append(column).append(", ?) = 'integer' AND typeof(json_extract(")
          .append(column).append(", ?)) = 'integer' THEN json_extract(").append(column).append(", ?) ")
          .append(sqlOperator(compare.op())).append(" ? ELSE ");
      params.add(jsonPath);
      params.add(jsonPath);
      params.add(jsonPath);
      params.add(num.value().longValueExact());
      elseJava(new PathCheck(Path.attr(SegmentValues.VALUE), check), column, jsonPath);
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
    sql.append("(CASE WHEN json_type(").append(column).append(", ?) = 'text' THEN json_extract(")
        .append(column).append(", ?)").append(operator);
    params.add(jsonPath);
    params.add(jsonPath);
    for (int i = 0; i < texts.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      params.add(texts.get(i));
    }
    sql.append(") ELSE ");
    elseJava(new PathCheck(Path.attr(SegmentValues.VALUE), check), column, jsonPath);
    return true;
  }

  private void elseJava(Expr rewritten, String column, String jsonPath) {
    javaCheck(rewritten, SegmentFunctions.Input.JSON);
    sql.append(column).append(" -> ?) END)");
    params.add(jsonPath);
  }

  private void systemCheck(PathCheck check, boolean event) {
    Path path = check.path();
    PathCheck rewritten = new PathCheck(Path.attr(SegmentValues.VALUE), check.check());
    switch (path.systemField()) {
      case "identifier": {
        String type = path.parts().get(1);
        if (check.check() instanceof Check.IsEmpty empty) {
          sql.append(empty.negated() ? "EXISTS" : "NOT EXISTS")
              .append(" (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type = ?)");
          params.add(type);
          return;
        }
        javaCheck(rewritten, SegmentFunctions.Input.IDENTIFIERS);
        sql.append("(SELECT json_group_array(i.value) FROM identifiers i WHERE i.profile_id = p.id"
            + " AND i.type = ?))");
        params.add(type);
        return;
      }
      case "computed":
        throw new Unsupported("$computed." + path.parts().get(1) + " is computed in Java");
      case "id":
        textColumn(check, rewritten, "p.id");
        return;
      case "source":
        textColumn(check, rewritten, event ? "e.source" : null);
        return;
      case "type":
        textColumn(check, rewritten, event ? "e.type" : null);
        return;
      case "created_at":
        instantColumn(rewritten, "p.created_at");
        return;
      case "updated_at":
        instantColumn(rewritten, "p.updated_at");
        return;
      case "timestamp":
        instantColumn(rewritten, event ? "e.ts" : null);
        return;
      default:
        throw new Unsupported("unknown system field " + path);
    }
  }

  /** A text column; NULL stands for a field that has no value here (missing). */
  private void textColumn(PathCheck check, PathCheck rewritten, @Nullable String column) {
    if (column != null && check.check() instanceof Check.Compare compare
        && compare.value() instanceof Literal.Text text
        && (compare.op() == CompareOp.EQ || compare.op() == CompareOp.NE)) {
      sql.append(column).append(compare.op() == CompareOp.EQ ? " = ?" : " <> ?");
      params.add(text.value());
      return;
    }
    javaCheck(rewritten, SegmentFunctions.Input.TEXT);
    sql.append(column == null ? "NULL" : column).append(')');
  }

  private void instantColumn(PathCheck rewritten, @Nullable String column) {
    javaCheck(rewritten, SegmentFunctions.Input.INSTANT);
    sql.append(column == null ? "NULL" : column).append(')');
  }

  /** Opens {@code cdp_check(handle, } for the rewritten expression; the caller adds the value. */
  private void javaCheck(Expr rewritten, SegmentFunctions.Input input) {
    sql.append(SegmentFunctions.CHECK).append("(?, ");
    params.add(hold(new SegmentFunctions.Check(SegmentExpression.of(rewritten).compile(), context, input)));
  }

  /** The JSON text of the path's first part in {@code column}, or NULL when absent. */
  private void firstPart(Path path, String column) {
    String name = path.parts().get(0);
    if (SAFE_NAME.matcher(name).matches()) {
      sql.append(column).append(" -> ?");
      params.add("$." + name);
    } else {
      sql.append(SegmentFunctions.FIELD).append('(').append(column).append(", ?)");
      params.add(name);
    }
  }

  /** The path with its first part renamed to the attribute the evaluator is given the value as. */
  private static Path valuePath(Path path) {
    List<String> parts = new ArrayList<>(path.parts());
    parts.set(0, SegmentValues.VALUE);
    return new Path(false, parts);
  }

  private long hold(Object target) {
    long handle = SegmentFunctions.hold(target);
    handles.add(handle);
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

  private static String sqlOperator(CompareOp op) {
    switch (op) {
      case EQ:
        return "=";
      case NE:
        return "<>";
      case LT:
        return "<";
      case LE:
        return "<=";
      case GT:
        return ">";
      default:
        return ">=";
    }
  }
}

package io.cdpkit.storage.jdbc.sql;

import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.ConsentIs;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/*
 * Design: the expression becomes one WHERE condition over "profiles p", each node a SQL
 * expression that is never NULL (so NOT, AND and OR are two-valued, like the evaluator). Every
 * value from the expression is a bound parameter, JSON paths included; the SQL text holds only
 * fixed words, so nothing a user writes reaches it.
 *
 * This class (profile scope), EventSql (events) and PathSql (path tests) hold what every dialect
 * shares; the SqlDialect writes the rest (tests on values, consent, metrics) or declares a node
 * unsupported, which makes the whole expression fall back.
 *
 * - and / or / not / everyone: SQL's.
 * - event: EXISTS or a bounded COUNT over "events e" of the profile (events_by_profile index),
 *   type and window bounds from the evaluator's own InstantRange bound as nanoseconds, the filter
 *   compiled in event scope; metrics by the dialect. Where the dialect says so (SQLite), a count
 *   (or metric) of one type whose filter reads nothing of the profile is a set instead: "p.id IN (SELECT
 *   e.profile_id FROM events e WHERE e.type = ? ... GROUP BY e.profile_id HAVING count(*) >= ?)",
 *   computed once from the type's events (events_by_type) rather than once per profile from all
 *   of its events; at most and exactly are NOT IN of the profiles with more (profile_id is never
 *   NULL, so NOT IN is two-valued). Where the dialect allows sets only positive and under AND
 *   alone (PostgreSQL: a semi-join there, a sub-plan per profile under OR or NOT when the set
 *   outgrows work_mem), the negative forms and the nodes under NOT stay per profile; an OR
 *   (itself under AND alone) with such sets among its parts is the union of their sets and of
 *   the profiles its other parts select, so it stays a semi-join.
 * - in segment: the saved expression inlined (64 levels at most, as the evaluator).
 * - in group: EXISTS on static_group_members, when the service reads groups from this store.
 * - consent / reachable via: the dialect's consent status and the identifiers table, as
 *   ReachabilityPolicy.check decides.
 * - path tests: by the dialect, except $identifier.T is [not] empty and $id / $type / $source =
 *   or != text, which are plain SQL in every dialect.
 * - $computed.NAME (computed in Java by the service) cannot be answered: the whole expression
 *   falls back to the evaluator.
 */

/**
 * Compiles a segment expression into a parameterised SQL condition on {@code profiles p}, with a
 * {@link SqlDialect} for what differs between databases. Dialects write into the compiler through
 * {@link #sql}, {@link #param} and {@link #unsupported}.
 */
public final class SegmentSqlCompiler {
  private static final int MAX_SEGMENT_DEPTH = 64;

  private final SegmentQuery query;
  private final SqlDialect dialect;
  private final boolean groupsReadable;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private final List<Runnable> releases = new ArrayList<>();
  private final EventSql events;
  private final PathSql paths;
  private int depth;
  /** Whether the node being written is joined to the top of the condition by AND alone. */
  private boolean conjunctive = true;

  private SegmentSqlCompiler(SegmentQuery query, SqlDialect dialect, boolean groupsReadable) {
    this.query = query;
    this.dialect = dialect;
    this.groupsReadable = groupsReadable;
    this.events = new EventSql(this, dialect);
    this.paths = new PathSql(this, dialect);
  }

  /** A compiled condition: SQL text with {@code ?} parameters, and what to release after it ran. */
  public static final class Compiled implements AutoCloseable {
    private final String where;
    private final List<Object> params;
    private final List<Runnable> releases;

    private Compiled(String where, List<Object> params, List<Runnable> releases) {
      this.where = where;
      this.params = List.copyOf(params);
      this.releases = List.copyOf(releases);
    }

    /** The condition on {@code profiles p}. */
    public String where() {
      return where;
    }

    /** The parameters, in order: String, Long, Integer, Boolean or BigDecimal. */
    public List<Object> params() {
      return params;
    }

    /** Releases what the dialect held for the query (SQLite: the Java objects its functions name). */
    @Override
    public void close() {
      releases.forEach(Runnable::run);
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
  public static Optional<Compiled> compile(SegmentQuery query, SqlDialect dialect, boolean groupsReadable) {
    SegmentSqlCompiler compiler = new SegmentSqlCompiler(query, dialect, groupsReadable);
    try {
      compiler.profile(query.expr());
    } catch (Unsupported e) {
      compiler.releases.forEach(Runnable::run);
      return Optional.empty();
    }
    return Optional.of(new Compiled(compiler.sql.toString(), compiler.params, compiler.releases));
  }

  /** Why an expression falls back, or empty when it compiles; for tests and logs. */
  public static Optional<String> unsupportedReason(
      SegmentQuery query, SqlDialect dialect, boolean groupsReadable) {
    SegmentSqlCompiler compiler = new SegmentSqlCompiler(query, dialect, groupsReadable);
    try {
      compiler.profile(query.expr());
      return Optional.empty();
    } catch (Unsupported e) {
      return Optional.of(e.getMessage());
    } finally {
      compiler.releases.forEach(Runnable::run);
    }
  }

  // ---- for dialects

  /** Appends SQL text: fixed words only, never a value from the expression. */
  public SegmentSqlCompiler sql(String text) {
    sql.append(text);
    return this;
  }

  /** Appends a {@code ?} and binds {@code value} to it. */
  public SegmentSqlCompiler param(Object value) {
    sql.append('?');
    params.add(value);
    return this;
  }

  /** The exception a dialect throws for a node it cannot answer exactly; the query falls back. */
  public RuntimeException unsupported(String what) {
    return new Unsupported(what);
  }

  /** Runs {@code release} when the compiled query is closed (or at once if it does not compile). */
  public void onClose(Runnable release) {
    releases.add(release);
  }

  /** The query's evaluation context ({@code now}, zone, reachability). */
  public EvaluationContext context() {
    return query.context();
  }

  /** True while writing a node joined to the top of the condition by AND alone; for {@link EventSql}. */
  boolean conjunctive() {
    return conjunctive;
  }

  // ---- profile scope

  private void profile(Expr expr) {
    if (expr instanceof And and) {
      junction(and.args(), " AND ", false);
    } else if (expr instanceof Or or) {
      if (conjunctive && !dialect.eventsAsSets() && dialect.positiveSetsUnderAnd()
          && or.args().stream().anyMatch(this::positiveSet)) {
        unionOfSets(or.args());
        return;
      }
      boolean outer = conjunctive;
      conjunctive = false;
      junction(or.args(), " OR ", false);
      conjunctive = outer;
    } else if (expr instanceof Not not) {
      boolean outer = conjunctive;
      conjunctive = false;
      sql.append("NOT (");
      profile(not.arg());
      sql.append(')');
      conjunctive = outer;
    } else if (expr instanceof Everyone) {
      sql.append(dialect.bool(true));
    } else if (expr instanceof PathCheck check) {
      paths.pathCheck(check, false);
    } else if (expr instanceof AnyWhere any) {
      paths.anyWhere(any, false);
    } else if (expr instanceof EventCondition event) {
      events.event(event);
    } else if (expr instanceof InSegment segment) {
      inSegment(segment);
    } else if (expr instanceof InGroup group) {
      if (!groupsReadable) {
        throw new Unsupported("in group: the service reads groups from another store");
      }
      sql("EXISTS (SELECT 1 FROM static_group_members g WHERE g.group_name = ").param(group.name())
          .sql(" AND g.profile_id = p.id)");
    } else if (expr instanceof ConsentIs consent) {
      dialect.consentStatus(this, consent.channel().toLowerCase(Locale.ROOT));
      sql(" = ").param(consent.status().name());
    } else if (expr instanceof ReachableVia reachable) {
      reachable(reachable.channel().toLowerCase(Locale.ROOT));
    } else {
      throw new Unsupported("unknown node " + expr);
    }
  }

  private boolean positiveSet(Expr expr) {
    return expr instanceof EventCondition event && events.positiveSet(event);
  }

  /**
   * An OR joined to the top by AND alone, with events among its parts that are sets under AND:
   * {@code p.id IN} the union of the profiles each such event's set selects and of those the
   * other parts select, so the OR stays a semi-join. Written as {@code p.id IN (set) OR ...}, each
   * set would be a sub-plan, which PostgreSQL rescans per profile once it outgrows work_mem.
   * Inside, the other parts and each metric read the {@code profiles p} of their own {@code
   * SELECT}; a count is the owners of its events.
   */
  private void unionOfSets(List<Expr> args) {
    List<Expr> rest = args.stream().filter(arg -> !positiveSet(arg)).toList();
    sql.append("p.id IN (");
    String union = "";
    if (!rest.isEmpty()) {
      conjunctive = false;
      sql.append("SELECT p.id FROM profiles p WHERE ");
      junction(rest, " OR ", false);
      conjunctive = true;
      union = " UNION ALL ";
    }
    for (Expr arg : args) {
      if (positiveSet(arg)) {
        sql.append(union);
        EventCondition event = (EventCondition) arg;
        if (event.aggregate() instanceof Aggregate.Count) {
          // The owners alone: the outer p.id IN keeps the profiles that exist.
          events.owners(event);
        } else {
          sql.append("SELECT p.id FROM profiles p WHERE ");
          profile(arg);
        }
        union = " UNION ALL ";
      }
    }
    sql.append(')');
  }

  private void junction(List<Expr> args, String operator, boolean event) {
    // Halves, not a flat chain: SQLite parses a chain left-deep and refuses expression trees
    // deeper than 1,000, so a long or/and is nested as a balanced tree of logarithmic depth.
    sql.append('(');
    if (args.size() == 1) {
      if (event) {
        filter(args.get(0));
      } else {
        profile(args.get(0));
      }
    } else {
      int middle = args.size() / 2;
      junction(args.subList(0, middle), operator, event);
      sql.append(operator);
      junction(args.subList(middle, args.size()), operator, event);
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

  /** {@link ReachabilityPolicy#check}: not opted out, a deliverable identifier, consent allows. */
  private void reachable(String channel) {
    ReachabilityPolicy policy = context().reachability();
    List<String> types = policy.identifierTypes(channel);
    sql.append("(");
    dialect.consentStatus(this, ConsentChange.ALL_CHANNELS);
    sql(" <> 'DENIED' AND EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND ")
        .sql(dialect.isTrue("i.deliverable")).sql(" AND i.type IN (");
    for (int i = 0; i < types.size(); i++) {
      sql(i == 0 ? "" : ", ").param(types.get(i));
    }
    if (types.isEmpty()) {
      sql.append("NULL");
    }
    sql.append(")) AND ");
    dialect.consentStatus(this, channel);
    sql(" IN (").param(ConsentStatus.GRANTED.name()).sql(", ")
        .param(policy.unknownConsentReachable(channel)
            ? ConsentStatus.UNKNOWN.name() : ConsentStatus.GRANTED.name())
        .sql("))");
  }

  /** Writes a condition on one event {@code e} (an event filter); for {@link EventSql}. */
  void filter(Expr expr) {
    if (expr instanceof And and) {
      junction(and.args(), " AND ", true);
    } else if (expr instanceof Or or) {
      junction(or.args(), " OR ", true);
    } else if (expr instanceof Not not) {
      sql.append("NOT (");
      filter(not.arg());
      sql.append(')');
    } else if (expr instanceof Everyone) {
      sql.append(dialect.bool(true));
    } else if (expr instanceof PathCheck check) {
      paths.pathCheck(check, true);
    } else if (expr instanceof AnyWhere any) {
      paths.anyWhere(any, true);
    } else {
      throw new Unsupported("a profile condition inside an event filter: " + expr);
    }
  }
}

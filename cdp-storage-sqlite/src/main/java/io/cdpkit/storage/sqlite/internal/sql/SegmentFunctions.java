package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.CompareOp;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.sqlite.Function;

/*
 * Design: the compiled query binds a handle (a number this class hands out) as the first argument
 * of each function call; the handle names the Java object that knows what the call means for this
 * query (a check compiled by the evaluator, a consent channel at now, a metric). Handles live in a
 * process-wide map from compiling the query until it has run. So the rules SQL cannot state
 * exactly are run by the in-memory evaluator itself, on the value SQL extracted.
 */

/**
 * The SQL functions segment queries use, registered on every connection of the store:
 *
 * <ul>
 *   <li>{@code cdp_check(handle, value)}: the evaluator's answer for one path test (or {@code any
 *       ... where}) on the value SQL extracted (JSON text of the path's first part, an identifier
 *       list, a text or an instant column), 1 or 0;
 *   <li>{@code cdp_field(json, name)}: the JSON text of the top-level field {@code name} of a JSON
 *       object, or NULL; for names SQLite's JSON path syntax cannot quote;
 *   <li>{@code cdp_consent(handle, consents)}: the profile's marketing consent status ({@code
 *       GRANTED}, {@code DENIED}, {@code UNKNOWN}) for the handle's channel at its {@code now},
 *       by {@link Profile#consentStatus(String, Instant)};
 *   <li>{@code cdp_metric(handle, value)}: an aggregate over events that is 1 when the sum, avg,
 *       min or max of the numbers found holds against the handle's comparison, 0 when not, and
 *       NULL over no events (the query supplies the answer for none).
 * </ul>
 */
public final class SegmentFunctions {
  static final String CHECK = "cdp_check";
  static final String FIELD = "cdp_field";
  static final String CONSENT = "cdp_consent";
  static final String METRIC = "cdp_metric";

  private static final Map<Long, Object> HANDLES = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Instant EPOCH = Instant.EPOCH;
  /** SQLite's type code of NULL, as {@code value_type} reports it. */
  private static final int SQLITE_NULL = 5;

  private SegmentFunctions() {}

  /** Registers the functions on a connection; {@code consents} reads the consents column. */
  public static void register(
      Connection connection, java.util.function.Function<String, List<Consent>> consents)
      throws SQLException {
    Function.create(connection, CHECK, new CheckFunction(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, FIELD, new FieldFunction(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, CONSENT, new ConsentFunction(consents), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, METRIC, new MetricFunction(), 2, 0);
  }

  /** Handles held now (zero between queries; for tests). */
  static int liveHandles() {
    return HANDLES.size();
  }

  static long hold(Object target) {
    long handle = NEXT.incrementAndGet();
    HANDLES.put(handle, target);
    return handle;
  }

  static void release(long handle) {
    HANDLES.remove(handle);
  }

  private static Object target(long handle) throws SQLException {
    Object target = HANDLES.get(handle);
    if (target == null) {
      throw new SQLException("segment query handle " + handle + " is not held");
    }
    return target;
  }

  /** How {@code cdp_check} reads its value argument. */
  enum Input {
    /** JSON text of the path's first part; NULL when absent. */
    JSON,
    /** A JSON array of identifier values; empty means missing. */
    IDENTIFIERS,
    /** A text column. */
    TEXT,
    /** An instant column in nanoseconds, read as its ISO-8601 text. */
    INSTANT
  }

  /** One test, run by the evaluator on a profile whose attribute {@code v} holds the value. */
  record Check(CompiledSegment compiled, EvaluationContext context, Input input) {
    boolean test(@Nullable AttributeValue value) {
      ObjectValue attributes =
          value == null ? ObjectValue.EMPTY : new ObjectValue(Map.of(SegmentValues.VALUE, value));
      Profile profile = new Profile("", attributes, List.of(), List.of(), EPOCH, EPOCH, Set.of());
      return compiled.evaluate(profile, List.of(), context);
    }
  }

  /** A consent channel at an instant. */
  record ConsentAt(String channel, Instant now) {}

  /** A metric over numbers found at {@code rest} below each event's value, compared. */
  record Metric(Aggregate.Metric metric, List<String> rest, CompareOp op, BigDecimal value) {}

  private static final class CheckFunction extends Function {
    @Override
    protected void xFunc() throws SQLException {
      Check check = (Check) target(value_long(0));
      AttributeValue value;
      try {
        value = value(check.input());
      } catch (InvalidInputException e) {
        error("segment query: a stored value does not read: " + e.getMessage());
        return;
      }
      result(check.test(value) ? 1 : 0);
    }

    private @Nullable AttributeValue value(Input input) throws SQLException {
      if (value_type(1) == SQLITE_NULL) {
        return null;
      }
      switch (input) {
        case JSON:
          return AttributeJson.parse(value_text(1));
        case IDENTIFIERS: {
          AttributeValue list = AttributeJson.parse(value_text(1));
          return list instanceof ListValue l && l.items().isEmpty() ? null : list;
        }
        case TEXT:
          return new TextValue(value_text(1));
        default: {
          long nanos = value_long(1);
          return new TextValue(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
              Math.floorMod(nanos, 1_000_000_000L)).toString());
        }
      }
    }
  }

  private static final class FieldFunction extends Function {
    @Override
    protected void xFunc() throws SQLException {
      String json = value_text(0);
      String name = value_text(1);
      if (json == null || name == null) {
        result();
        return;
      }
      String field;
      try {
        field = field(json, name);
      } catch (IOException e) {
        error("segment query: a JSON column does not parse: " + e.getMessage());
        return;
      }
      if (field == null) {
        result();
      } else {
        result(field);
      }
    }

    private static @Nullable String field(String json, String name) throws IOException {
      try (com.fasterxml.jackson.core.JsonParser parser = AttributeJson.mapper().createParser(json)) {
        if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          return null;
        }
        while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          String current = parser.currentName();
          parser.nextToken();
          if (current.equals(name)) {
            return AttributeJson.mapper().writeValueAsString(AttributeJson.mapper().readTree(parser));
          }
          parser.skipChildren();
        }
        return null;
      }
    }
  }

  private static final class ConsentFunction extends Function {
    private final java.util.function.Function<String, List<Consent>> consents;

    ConsentFunction(java.util.function.Function<String, List<Consent>> consents) {
      this.consents = consents;
    }

    @Override
    protected void xFunc() throws SQLException {
      ConsentAt at = (ConsentAt) target(value_long(0));
      String json = value_text(1);
      List<Consent> list;
      try {
        list = json == null ? List.of() : consents.apply(json);
      } catch (RuntimeException e) {
        error("segment query: the consents column does not read: " + e.getMessage());
        return;
      }
      Profile profile = new Profile("", ObjectValue.EMPTY, List.of(), list, EPOCH, EPOCH, Set.of());
      result(profile.consentStatus(at.channel(), at.now()).name());
    }
  }

  /** Exact decimal arithmetic, as the evaluator's: the state of one aggregate evaluation. */
  private static final class MetricFunction extends Function.Aggregate {
    private @Nullable Metric metric;
    private BigDecimal sum = BigDecimal.ZERO;
    private @Nullable BigDecimal min;
    private @Nullable BigDecimal max;
    private long n;

    @Override
    protected void xStep() throws SQLException {
      if (metric == null) {
        metric = (Metric) target(value_long(0));
      }
      if (value_type(1) == SQLITE_NULL) {
        return;
      }
      AttributeValue value;
      try {
        value = SegmentValues.resolve(AttributeJson.parse(value_text(1)), metric.rest());
      } catch (InvalidInputException e) {
        error("segment query: a stored value does not read: " + e.getMessage());
        return;
      }
      if (value instanceof NumberValue number) {
        add(number.value());
      } else if (value instanceof ListValue list) {
        for (AttributeValue item : list.items()) {
          if (item instanceof NumberValue number) {
            add(number.value());
          }
        }
      }
    }

    private void add(BigDecimal x) {
      sum = sum.add(x);
      min = min == null || x.compareTo(min) < 0 ? x : min;
      max = max == null || x.compareTo(max) > 0 ? x : max;
      n++;
    }

    @Override
    protected void xFinal() throws SQLException {
      if (metric == null) {
        result();
        return;
      }
      BigDecimal value;
      switch (metric.metric()) {
        case SUM:
          value = sum;
          break;
        case AVG:
          value = n == 0 ? null : sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
          break;
        case MIN:
          value = min;
          break;
        default:
          value = max;
          break;
      }
      result(value != null && metric.op().holds(value.compareTo(metric.value())) ? 1 : 0);
    }

    /** SQLite runs each evaluation on a clone of the registered, empty instance. */
    @Override
    public Object clone() throws CloneNotSupportedException {
      MetricFunction copy = (MetricFunction) super.clone();
      copy.metric = null;
      copy.sum = BigDecimal.ZERO;
      copy.min = null;
      copy.max = null;
      copy.n = 0;
      return copy;
    }
  }
}

package io.cdpkit.segments.ast;

import io.cdpkit.core.profile.ConsentStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A small Java builder for segment expressions, producing the same trees the parser does.
 * <b>Beta</b>: this API may change before 1.0. Stateless and thread-safe.
 *
 * <pre>{@code
 * Expr young = Dsl.attr("age").lt(30).and(Dsl.identifier("email").isNotEmpty());
 * Expr buyers = Dsl.event("purchase").atLeast(2).within(Dsl.last(7, CalendarUnit.DAY));
 * Expr segment = young.or(buyers);
 * }</pre>
 *
 * <p>Builders check shapes only (a list literal where a scalar belongs, an unknown system field);
 * rules such as a regular expression that does not compile are reported by validation, as for
 * parsed text.
 */
public final class Dsl {
  private Dsl() {}

  /** An attribute (or, inside a filter, property) path: {@code attr("address", "city")}. */
  public static PathRef attr(String first, String... more) {
    return new PathRef(Path.attr(first, more));
  }

  /** A path given as a {@link Path}. */
  public static PathRef path(Path path) {
    return new PathRef(path);
  }

  /** {@code $identifier.TYPE}: the profile's identifier values of that type. */
  public static PathRef identifier(String type) {
    return new PathRef(Path.system("identifier", type));
  }

  /** {@code $computed.NAME}: a computed attribute. */
  public static PathRef computed(String name) {
    return new PathRef(Path.system("computed", name));
  }

  /** {@code $id}, {@code $created_at}, {@code $updated_at}, or in a filter {@code $type}, ... */
  public static PathRef system(String field) {
    return new PathRef(Path.system(field));
  }

  /** {@code event "type"}: at least one event of the type, any time. */
  public static EventCondition event(String type) {
    return EventCondition.of(type);
  }

  /** {@code event *}: at least one event of any type, any time. */
  public static EventCondition anyEvent() {
    return EventCondition.of(null);
  }

  /** {@code any name where filter}, for the top-level attribute {@code name}. */
  public static AnyWhere any(String name, Expr filter) {
    return new AnyWhere(Path.attr(name), filter);
  }

  /** {@code any path where filter}. */
  public static AnyWhere any(Path path, Expr filter) {
    return new AnyWhere(path, filter);
  }

  /** {@code in segment "name"}. */
  public static InSegment inSegment(String name) {
    return new InSegment(name);
  }

  /** {@code in group "name"}. */
  public static InGroup inGroup(String name) {
    return new InGroup(name);
  }

  /** {@code consent channel granted|denied|unknown}. */
  public static ConsentIs consent(String channel, ConsentStatus status) {
    return new ConsentIs(channel, status);
  }

  /** {@code reachable via channel}. */
  public static ReachableVia reachableVia(String channel) {
    return new ReachableVia(channel);
  }

  /** {@code everyone}. */
  public static Everyone everyone() {
    return new Everyone();
  }

  /** {@code first and second and ...}. */
  public static Expr and(Expr first, Expr second, Expr... more) {
    return And.of(first, second, more);
  }

  /** {@code first or second or ...}. */
  public static Expr or(Expr first, Expr second, Expr... more) {
    return Or.of(first, second, more);
  }

  /** {@code not arg}. */
  public static Expr not(Expr arg) {
    return new Not(arg);
  }

  /** {@code anytime}. */
  public static Window anytime() {
    return new Window.Anytime();
  }

  /** {@code on D}. */
  public static Window on(LocalDate date) {
    return new Window.On(date);
  }

  /** {@code before D}. */
  public static Window before(LocalDate date) {
    return new Window.Before(date);
  }

  /** {@code after D}. */
  public static Window after(LocalDate date) {
    return new Window.After(date);
  }

  /** {@code between D1 and D2} as a window. */
  public static Window betweenDates(LocalDate from, LocalDate to) {
    return new Window.BetweenDates(from, to);
  }

  /** {@code in the last N unit}. */
  public static Window last(int amount, CalendarUnit unit) {
    return new Window.Last(amount, unit);
  }

  /** {@code in the next N unit}. */
  public static Window next(int amount, CalendarUnit unit) {
    return new Window.Next(amount, unit);
  }

  /** {@code exactly N unit ago}. */
  public static Window exactlyAgo(int amount, CalendarUnit unit) {
    return new Window.ExactlyAgo(amount, unit);
  }

  /** {@code more than N unit ago}. */
  public static Window moreThanAgo(int amount, CalendarUnit unit) {
    return new Window.MoreThanAgo(amount, unit);
  }

  /** {@code between N and M unit ago}. */
  public static Window betweenAgo(int from, int to, CalendarUnit unit) {
    return new Window.BetweenAgo(from, to, unit);
  }

  /**
   * A path waiting for its test: {@code attr("age").lt(30)}. Immutable and thread-safe. Values
   * are converted by {@link Literal#of(Object)}.
   */
  public static final class PathRef {
    private final Path path;

    private PathRef(Path path) {
      this.path = path;
    }

    /** The path. */
    public Path path() {
      return path;
    }

    /** {@code path = value}. */
    public PathCheck eq(Object value) {
      return compare(CompareOp.EQ, value);
    }

    /** {@code path != value}. */
    public PathCheck ne(Object value) {
      return compare(CompareOp.NE, value);
    }

    /** {@code path < value}. */
    public PathCheck lt(Object value) {
      return compare(CompareOp.LT, value);
    }

    /** {@code path <= value}. */
    public PathCheck le(Object value) {
      return compare(CompareOp.LE, value);
    }

    /** {@code path > value}. */
    public PathCheck gt(Object value) {
      return compare(CompareOp.GT, value);
    }

    /** {@code path >= value}. */
    public PathCheck ge(Object value) {
      return compare(CompareOp.GE, value);
    }

    /** {@code path OP value}. */
    public PathCheck compare(CompareOp op, Object value) {
      return check(new Check.Compare(op, Literal.of(value)));
    }

    /** {@code path contains value}. */
    public PathCheck contains(Object value) {
      return check(new Check.Contains(false, Literal.of(value)));
    }

    /** {@code path not contains value}. */
    public PathCheck notContains(Object value) {
      return check(new Check.Contains(true, Literal.of(value)));
    }

    /** {@code path starts with "prefix"}. */
    public PathCheck startsWith(String prefix) {
      return check(new Check.StartsWith(prefix));
    }

    /** {@code path ends with "suffix"}. */
    public PathCheck endsWith(String suffix) {
      return check(new Check.EndsWith(suffix));
    }

    /** {@code path matches "regex"}. */
    public PathCheck matches(String regex) {
      return check(new Check.Matches(regex));
    }

    /** {@code path in [values]}. */
    public PathCheck in(Object... values) {
      return check(new Check.InList(false, list(values)));
    }

    /** {@code path not in [values]}. */
    public PathCheck notIn(Object... values) {
      return check(new Check.InList(true, list(values)));
    }

    /** {@code path between low and high}. */
    public PathCheck between(Object low, Object high) {
      return check(new Check.Between(Literal.of(low), Literal.of(high)));
    }

    /** {@code path is empty}. */
    public PathCheck isEmpty() {
      return check(new Check.IsEmpty(false));
    }

    /** {@code path is not empty}. */
    public PathCheck isNotEmpty() {
      return check(new Check.IsEmpty(true));
    }

    /** {@code path WINDOW}, e.g. {@code signup in the last 7 days}. */
    public PathCheck in(Window window) {
      return check(new Check.InWindow(window));
    }

    private PathCheck check(Check check) {
      return new PathCheck(path, check);
    }

    private static Literal.ListOf list(@Nullable Object... values) {
      List<Literal> items = new ArrayList<>(values.length);
      for (Object value : values) {
        items.add(Literal.of(java.util.Objects.requireNonNull(value, "list item")));
      }
      return new Literal.ListOf(items);
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }
}

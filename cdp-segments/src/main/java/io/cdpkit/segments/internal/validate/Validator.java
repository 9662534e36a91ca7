package io.cdpkit.segments.internal.validate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.segments.Problem;
import io.cdpkit.segments.Problem.Kind;
import io.cdpkit.segments.SegmentDefinitions;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.ConsentIs;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.ast.Window;
import io.cdpkit.segments.internal.parse.Positions;
import io.cdpkit.segments.internal.parse.Printer;
import io.cdpkit.segments.internal.parse.Scope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Checks the rules of meaning the grammar cannot: patterns compile, bounds are ordered, counts are
 * not negative, metrics compare with numbers, conditions stand where they mean something, and
 * (with a {@link ValidationContext}) names exist and segments do not refer to themselves. Collects
 * every problem instead of stopping at the first.
 */
public final class Validator {
  private static final String REGEX_RULE =
      "a valid RE2 regular expression (Java syntax without backreferences, lookaround or possessive quantifiers)";

  private final Positions positions;
  private final ValidationContext context;
  private final List<Problem> problems = new ArrayList<>();

  private Validator(Positions positions, ValidationContext context) {
    this.positions = positions;
    this.context = context;
  }

  /** Every problem of the expression, in tree order; empty when it is valid. */
  public static List<Problem> validate(Expr expr, Positions positions, ValidationContext context) {
    Validator validator = new Validator(positions, context);
    validator.expr(expr, Scope.PROFILE, expr);
    return List.copyOf(validator.problems);
  }

  private void expr(Expr expr, Scope scope, Object near) {
    if (expr instanceof Or or) {
      or.args().forEach(arg -> expr(arg, scope, arg));
    } else if (expr instanceof And and) {
      and.args().forEach(arg -> expr(arg, scope, arg));
    } else if (expr instanceof Not not) {
      expr(not.arg(), scope, not.arg());
    } else if (expr instanceof PathCheck check) {
      path(check.path(), scope, check);
      check(check.check(), check);
    } else if (expr instanceof AnyWhere any) {
      path(any.path(), scope, any);
      expr(any.filter(), Scope.ELEMENT, any.filter());
    } else if (expr instanceof EventCondition event) {
      requireProfile(scope, "event", event);
      event(event);
    } else if (expr instanceof InSegment segment) {
      requireProfile(scope, "in segment", segment);
      segment(segment);
    } else if (expr instanceof InGroup group) {
      requireProfile(scope, "in group", group);
      Optional<Predicate<String>> groups = context.groups();
      if (groups.isPresent() && !groups.get().test(group.name())) {
        add(Kind.UNKNOWN_GROUP, group, "the name of an existing group",
            "unknown group " + Printer.quote(group.name()));
      }
    } else if (expr instanceof ConsentIs consent) {
      requireProfile(scope, "consent", consent);
    } else if (expr instanceof ReachableVia reachable) {
      requireProfile(scope, "reachable via", reachable);
    }
  }

  private void requireProfile(Scope scope, String what, Object node) {
    if (scope != Scope.PROFILE) {
      add(Kind.MISPLACED_CONDITION, node,
          scope == Scope.EVENT ? "a condition on event properties" : "a condition on the element's fields",
          "\"" + what + "\", which applies to profiles only");
    }
  }

  private void path(Path path, Scope scope, Object node) {
    if (!path.system()) {
      return;
    }
    String field = path.systemField();
    Set<String> allowed = scope == Scope.PROFILE ? Path.PROFILE_FIELDS
        : scope == Scope.EVENT ? Path.EVENT_FIELDS : Set.of();
    if (!allowed.contains(field)) {
      add(Kind.MISPLACED_CONDITION, node,
          scope == Scope.PROFILE ? "a profile system field"
              : scope == Scope.EVENT ? "an event system field or a property" : "a field of the list element",
          Printer.path(path));
      return;
    }
    Optional<Set<String>> computed = context.computedAttributes();
    if (field.equals("computed") && computed.isPresent()
        && !computed.get().contains(path.parts().get(1))) {
      add(Kind.UNKNOWN_COMPUTED, node, "a known computed attribute "
              + (computed.get().isEmpty() ? "(none are defined)" : computed.get().stream().sorted().toList()),
          Printer.path(path));
    }
  }

  private void check(Check check, PathCheck owner) {
    if (check instanceof Check.Matches matches) {
      try {
        Pattern.compile(matches.pattern());
      } catch (PatternSyntaxException e) {
        add(Kind.INVALID_REGEX, owner, REGEX_RULE, Printer.quote(matches.pattern()) + " (" + regexError(e) + ")");
      }
    } else if (check instanceof Check.Between between) {
      if (inverted(between.low(), between.high())) {
        add(Kind.INVERTED_BETWEEN, between.low(), "a lower bound at or below the upper bound",
            Printer.literal(between.low()) + " above " + Printer.literal(between.high()));
      }
    } else if (check instanceof Check.InWindow window) {
      window(window.window(), owner);
    }
  }

  /** RE2/J's reason without its generic prefix, and why when the pattern used a Java-only feature. */
  private static String regexError(PatternSyntaxException e) {
    String reason = e.getMessage().replaceFirst("^error parsing regexp: ", "");
    if (reason.matches("(?s).*`\\\\[1-9k].*")) {
      return reason + "; backreferences are not supported";
    }
    if (reason.contains("`(?=") || reason.contains("`(?!") || reason.contains("`(?<=") || reason.contains("`(?<!")) {
      return reason + "; lookahead and lookbehind are not supported";
    }
    return reason;
  }

  private static boolean inverted(Literal low, Literal high) {
    if (low instanceof Literal.Num a && high instanceof Literal.Num b) {
      return a.value().compareTo(b.value()) > 0;
    }
    if (low instanceof Literal.Text a && high instanceof Literal.Text b) {
      return CodePoints.compare(a.value(), b.value()) > 0;
    }
    if (low instanceof Literal.Date a && high instanceof Literal.Date b) {
      return a.value().isAfter(b.value());
    }
    if (low instanceof Literal.DateTime a && high instanceof Literal.DateTime b) {
      return a.value().toInstant().isAfter(b.value().toInstant());
    }
    return false;
  }

  private void window(Window window, Object owner) {
    Object node = positions.of(window) != null ? window : owner;
    int amount = 0;
    if (window instanceof Window.Last last) {
      amount = last.amount();
    } else if (window instanceof Window.Next next) {
      amount = next.amount();
    } else if (window instanceof Window.ExactlyAgo ago) {
      amount = ago.amount();
    } else if (window instanceof Window.MoreThanAgo ago) {
      amount = ago.amount();
    } else if (window instanceof Window.BetweenAgo ago) {
      amount = Math.min(ago.from(), ago.to());
      if (ago.from() > ago.to()) {
        add(Kind.INVERTED_BETWEEN, node, "the nearer amount first, as in between 1 and 2 years ago",
            "between " + ago.from() + " and " + ago.to());
      }
    } else if (window instanceof Window.BetweenDates between) {
      if (between.from().isAfter(between.to())) {
        add(Kind.INVERTED_BETWEEN, node, "the earlier date first",
            "between " + between.from() + " and " + between.to());
      }
    }
    if (amount < 0) {
      add(Kind.NEGATIVE_COUNT, node, "an amount of 0 or more", Printer.window(window));
    }
  }

  private void event(EventCondition event) {
    Aggregate aggregate = event.aggregate();
    if (aggregate instanceof Aggregate.Count count && count.count() < 0) {
      add(Kind.NEGATIVE_COUNT, count, "a count of 0 or more", Integer.toString(count.count()));
    } else if (aggregate instanceof Aggregate.MetricOf metric) {
      path(metric.path(), Scope.EVENT, metric);
      if (!(metric.value() instanceof Literal.Num)) {
        add(Kind.NON_NUMERIC_AGGREGATE, metric.value(),
            "a number to compare the " + metric.metric().name().toLowerCase(java.util.Locale.ROOT) + " with",
            Printer.literal(metric.value()));
      }
    }
    window(event.window(), event);
    if (event.filter() != null) {
      expr(event.filter(), Scope.EVENT, event.filter());
    }
  }

  private void segment(InSegment segment) {
    Optional<String> self = context.savingAs();
    if (self.isPresent() && self.get().equals(segment.name())) {
      add(Kind.SEGMENT_CYCLE, segment, "a segment other than the one being saved",
          "a reference to itself (" + self.get() + " -> " + self.get() + ")");
      return;
    }
    Optional<SegmentDefinitions> lookup = context.segments();
    if (lookup.isEmpty()) {
      return;
    }
    Optional<Expr> target = lookup.get().find(segment.name());
    if (target.isEmpty()) {
      add(Kind.UNKNOWN_SEGMENT, segment, "the name of a saved segment",
          "unknown segment " + Printer.quote(segment.name()));
      return;
    }
    Deque<String> trail = new ArrayDeque<>();
    self.ifPresent(trail::addLast);
    trail.addLast(segment.name());
    String cycle = findCycle(target.get(), trail, lookup.get(), new HashSet<>());
    if (cycle != null) {
      add(Kind.SEGMENT_CYCLE, segment, "segments that do not refer to themselves", cycle);
    }
  }

  /** A description of the first cycle reachable from {@code expr}, or null when none. */
  private @Nullable String findCycle(Expr expr, Deque<String> trail, SegmentDefinitions lookup,
      Set<String> finished) {
    for (String name : references(expr)) {
      if (trail.contains(name)) {
        List<String> shown = new ArrayList<>(trail);
        shown = shown.subList(shown.indexOf(name), shown.size());
        return String.join(" -> ", shown) + " -> " + name;
      }
      if (finished.contains(name)) {
        continue;
      }
      Optional<Expr> next = lookup.find(name);
      if (next.isEmpty()) {
        continue;
      }
      trail.addLast(name);
      String cycle = findCycle(next.get(), trail, lookup, finished);
      trail.removeLast();
      if (cycle != null) {
        return cycle;
      }
      finished.add(name);
    }
    return null;
  }

  /** The segment names an expression refers to, in tree order. */
  public static List<String> references(Expr expr) {
    List<String> names = new ArrayList<>();
    collectReferences(expr, names);
    return names;
  }

  private static void collectReferences(Expr expr, List<String> names) {
    if (expr instanceof InSegment segment) {
      names.add(segment.name());
    } else if (expr instanceof Or or) {
      or.args().forEach(arg -> collectReferences(arg, names));
    } else if (expr instanceof And and) {
      and.args().forEach(arg -> collectReferences(arg, names));
    } else if (expr instanceof Not not) {
      collectReferences(not.arg(), names);
    }
  }

  private void add(Kind kind, Object node, String expected, String found) {
    Positions.Position position = positions.of(node);
    problems.add(new Problem(kind, position == null ? 0 : position.line(),
        position == null ? 0 : position.column(), expected, found));
  }
}

package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.segments.spi.InstantRange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.Explanation;
import io.cdpkit.segments.Problem;
import io.cdpkit.segments.SegmentValidationException;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.Window;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The compiled node kinds. */
final class Nodes {
  /** Deeper {@code in segment} nesting than this is a reference loop. */
  static final int MAX_SEGMENT_DEPTH = 64;
  private static final int MAX_DETAIL_CHARS = 80;

  private Nodes() {}

  static final class AndNode extends Node {
    private final Node[] args;

    AndNode(String text, List<Node> args) {
      super(text);
      this.args = args.toArray(new Node[0]);
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      for (Node arg : args) {
        if (!arg.test(frame, event, scope)) {
          return false;
        }
      }
      return true;
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      List<Explanation> children = new ArrayList<>(args.length);
      boolean value = true;
      for (Node arg : args) {
        Explanation child = arg.explain(frame, event, scope);
        children.add(child);
        value &= child.value();
      }
      return new Explanation(text, value, "", children);
    }
  }

  static final class OrNode extends Node {
    private final Node[] args;

    OrNode(String text, List<Node> args) {
      super(text);
      this.args = args.toArray(new Node[0]);
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      for (Node arg : args) {
        if (arg.test(frame, event, scope)) {
          return true;
        }
      }
      return false;
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      List<Explanation> children = new ArrayList<>(args.length);
      boolean value = false;
      for (Node arg : args) {
        Explanation child = arg.explain(frame, event, scope);
        children.add(child);
        value |= child.value();
      }
      return new Explanation(text, value, "", children);
    }
  }

  static final class NotNode extends Node {
    private final Node arg;

    NotNode(String text, Node arg) {
      super(text);
      this.arg = arg;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return !arg.test(frame, event, scope);
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      Explanation child = arg.explain(frame, event, scope);
      return new Explanation(text, !child.value(), "", List.of(child));
    }
  }

  static final class ConstNode extends Node {
    private final boolean value;

    ConstNode(String text, boolean value) {
      super(text);
      this.value = value;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return value;
    }
  }

  /** {@code path TEST}: missing values give {@code onMissing}; negated tests flip the result. */
  static final class CheckNode extends Node {
    private final Getter getter;
    private final ValuePredicate test;
    private final boolean onMissing;
    private final boolean negate;

    CheckNode(String text, Getter getter, ValuePredicate test, boolean onMissing, boolean negate) {
      super(text);
      this.getter = getter;
      this.test = test;
      this.onMissing = onMissing;
      this.negate = negate;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      AttributeValue value = getter.get(frame, event, scope);
      boolean positive = value == null ? onMissing : test.test(value, frame);
      return positive != negate;
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      AttributeValue value = getter.get(frame, event, scope);
      boolean positive = value == null ? onMissing : test.test(value, frame);
      String detail = value == null ? "missing" : "value: " + shorten(value.toJson());
      return new Explanation(text, positive != negate, detail, List.of());
    }
  }

  /** {@code any path where filter}: one object element satisfies the whole filter. */
  static final class AnyNode extends Node {
    private final Getter getter;
    private final Node filter;

    AnyNode(String text, Getter getter, Node filter) {
      super(text);
      this.getter = getter;
      this.filter = filter;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return matching(frame, event, scope, true) > 0;
    }

    private int matching(Frame frame, @Nullable Event event, ObjectValue scope, boolean stopAtOne) {
      AttributeValue value = getter.get(frame, event, scope);
      if (!(value instanceof ListValue list)) {
        return 0;
      }
      int matches = 0;
      for (AttributeValue item : list.items()) {
        if (item instanceof ObjectValue element && filter.test(frame, event, element)) {
          matches++;
          if (stopAtOne) {
            return matches;
          }
        }
      }
      return matches;
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      int matches = matching(frame, event, scope, false);
      return new Explanation(text, matches > 0, "matching elements: " + matches, List.of());
    }
  }

  /** {@code event "T" [aggregate] [window] [where filter]}. */
  static final class EventNode extends Node {
    private final @Nullable String type;
    private final Window window;
    private final boolean anytime;
    private final @Nullable Node filter;
    private final Aggregate.@Nullable Count count;
    private final Aggregate.@Nullable MetricOf metric;
    private final @Nullable Getter metricGetter;
    private final @Nullable BigDecimal metricValue;

    EventNode(String text, @Nullable String type, Aggregate aggregate, Window window,
        @Nullable Node filter) {
      super(text);
      this.type = type;
      this.window = window;
      this.anytime = window instanceof Window.Anytime;
      this.filter = filter;
      if (aggregate instanceof Aggregate.Count c) {
        this.count = c;
        this.metric = null;
        this.metricGetter = null;
        this.metricValue = null;
      } else {
        Aggregate.MetricOf m = (Aggregate.MetricOf) aggregate;
        this.count = null;
        this.metric = m;
        this.metricGetter = Getter.of(m.path());
        this.metricValue = ((io.cdpkit.segments.ast.Literal.Num) m.value()).value();
      }
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      if (count != null) {
        int limit = count.op() == Aggregate.CountOp.AT_LEAST ? count.count() : count.count() + 1;
        return countHolds(count(frame, Math.max(limit, 0)));
      }
      return metricHolds(metric(frame));
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      if (count != null) {
        int found = count(frame, Integer.MAX_VALUE);
        return new Explanation(text, countHolds(found), "count: " + found, List.of());
      }
      BigDecimal value = metric(frame);
      String name = metric.metric().name().toLowerCase(Locale.ROOT);
      return new Explanation(text, metricHolds(value),
          name + ": " + (value == null ? "none" : value.toPlainString()), List.of());
    }

    private boolean countHolds(int found) {
      switch (count.op()) {
        case AT_LEAST:
          return found >= count.count();
        case AT_MOST:
          return found <= count.count();
        default:
          return found == count.count();
      }
    }

    private boolean metricHolds(@Nullable BigDecimal value) {
      if (value == null) {
        return false;
      }
      return metric.op().holds(value.compareTo(metricValue));
    }

    private boolean selects(Frame frame, Event candidate, InstantRange interval) {
      return (type == null || type.equals(candidate.type()))
          && (anytime || interval.contains(candidate.timestamp()))
          && (filter == null || filter.test(frame, candidate, candidate.properties()));
    }

    /** Matching events, counting no further than {@code limit}. */
    private int count(Frame frame, int limit) {
      InstantRange interval = anytime ? InstantRange.ALL : InstantRange.of(window, frame.now, frame.zone, true);
      int found = 0;
      for (Event candidate : frame.events) {
        if (found >= limit) {
          break;
        }
        if (selects(frame, candidate, interval)) {
          found++;
        }
      }
      return found;
    }

    /** The metric over matching events; null for avg/min/max of nothing. */
    private @Nullable BigDecimal metric(Frame frame) {
      InstantRange interval = anytime ? InstantRange.ALL : InstantRange.of(window, frame.now, frame.zone, true);
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal min = null;
      BigDecimal max = null;
      long n = 0;
      for (Event candidate : frame.events) {
        if (!selects(frame, candidate, interval)) {
          continue;
        }
        AttributeValue value = metricGetter.get(frame, candidate, candidate.properties());
        if (value instanceof NumberValue number) {
          BigDecimal x = number.value();
          sum = sum.add(x);
          min = min == null || x.compareTo(min) < 0 ? x : min;
          max = max == null || x.compareTo(max) > 0 ? x : max;
          n++;
        } else if (value instanceof ListValue list) {
          for (AttributeValue item : list.items()) {
            if (item instanceof NumberValue number) {
              BigDecimal x = number.value();
              sum = sum.add(x);
              min = min == null || x.compareTo(min) < 0 ? x : min;
              max = max == null || x.compareTo(max) > 0 ? x : max;
              n++;
            }
          }
        }
      }
      switch (metric.metric()) {
        case SUM:
          return sum;
        case AVG:
          return n == 0 ? null : sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
        case MIN:
          return min;
        default:
          return max;
      }
    }
  }

  /** {@code in segment "S"}: the referenced segment, evaluated in the same frame. */
  static final class SegmentNode extends Node {
    private final String name;

    SegmentNode(String text, String name) {
      super(text);
      this.name = name;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      CompiledSegment target = resolve(frame);
      if (target instanceof Program program) {
        enter(frame);
        try {
          return program.root().test(frame, null, frame.profile.attributes());
        } finally {
          frame.depth--;
        }
      }
      return target.evaluate(frame.profile, frame.events, frame.context);
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      CompiledSegment target = resolve(frame);
      if (target instanceof Program program) {
        enter(frame);
        try {
          Explanation child = program.root().explain(frame, null, frame.profile.attributes());
          return new Explanation(text, child.value(), "", List.of(child));
        } finally {
          frame.depth--;
        }
      }
      return new Explanation(text, target.evaluate(frame.profile, frame.events, frame.context), "",
          List.of());
    }

    private CompiledSegment resolve(Frame frame) {
      Optional<CompiledSegment> target = frame.context.segments().find(name);
      if (target.isEmpty()) {
        throw new SegmentValidationException(null, List.of(new Problem(Problem.Kind.UNKNOWN_SEGMENT,
            0, 0, "a segment known to the evaluation context", "unknown segment \"" + name + "\"")));
      }
      return target.get();
    }

    private void enter(Frame frame) {
      if (frame.depth >= MAX_SEGMENT_DEPTH) {
        throw new SegmentValidationException(null, List.of(new Problem(Problem.Kind.SEGMENT_CYCLE,
            0, 0, "segments that do not refer to themselves",
            "more than " + MAX_SEGMENT_DEPTH + " nested segment references at \"" + name + "\"")));
      }
      frame.depth++;
    }
  }

  /** {@code in group "G"}. */
  static final class GroupNode extends Node {
    private final String name;

    GroupNode(String text, String name) {
      super(text);
      this.name = name;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return frame.context.groups().isMember(name, frame.profile);
    }
  }

  /** {@code consent C granted|denied|unknown}. */
  static final class ConsentNode extends Node {
    private final String channel;
    private final ConsentStatus status;

    ConsentNode(String text, String channel, ConsentStatus status) {
      super(text);
      this.channel = channel.toLowerCase(Locale.ROOT);
      this.status = status;
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return consentStatus(frame.profile, channel, frame.now) == status;
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      return new Explanation(text, test(frame, event, scope),
          ReasonWords.consent(frame.profile, channel, frame.now), List.of());
    }
  }

  /** {@code reachable via C}. */
  static final class ReachableNode extends Node {
    private final String channel;

    ReachableNode(String text, String channel) {
      super(text);
      this.channel = channel.toLowerCase(Locale.ROOT);
    }

    @Override
    boolean test(Frame frame, @Nullable Event event, ObjectValue scope) {
      return frame.context.reachability().check(frame.profile, channel, frame.now).isReachable();
    }

    @Override
    Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
      ReachabilityPolicy policy = frame.context.reachability();
      Reachability answer = policy.check(frame.profile, channel, frame.now);
      return new Explanation(text, answer.isReachable(),
          ReasonWords.reachability(frame.profile, answer, frame.now, policy), List.of());
    }
  }

  /** The profile's marketing consent on the channel at {@code now} (see {@link Profile#consentStatus}). */
  static ConsentStatus consentStatus(Profile profile, String channel, Instant now) {
    return profile.consentStatus(channel, now);
  }

  static String shorten(String text) {
    return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
  }
}

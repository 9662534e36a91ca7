package io.cdpkit.segments.internal.eval;

import com.google.re2j.Pattern;
import io.cdpkit.segments.SegmentExpression;
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
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.internal.parse.Printer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated expression into a {@link Program}. Everything that does not depend on the
 * evaluation (literal forms, patterns, folded text, getters) is worked out here, once.
 */
public final class Compiler {
  private Compiler() {}

  /** Compiles an expression that passed structural validation. */
  public static Program compile(SegmentExpression expression) {
    return new Program(expression, node(expression.expr()));
  }

  private static Node node(Expr expr) {
    String text = Printer.print(expr);
    if (expr instanceof And and) {
      return new Nodes.AndNode(text, nodes(and.args()));
    }
    if (expr instanceof Or or) {
      return new Nodes.OrNode(text, nodes(or.args()));
    }
    if (expr instanceof Not not) {
      return new Nodes.NotNode(text, node(not.arg()));
    }
    if (expr instanceof PathCheck check) {
      return check(text, check);
    }
    if (expr instanceof EventCondition event) {
      return new Nodes.EventNode(text, event.type(), event.aggregate(), event.window(),
          event.filter() == null ? null : node(event.filter()));
    }
    if (expr instanceof AnyWhere any) {
      return new Nodes.AnyNode(text, Getter.of(any.path()), node(any.filter()));
    }
    if (expr instanceof InSegment segment) {
      return new Nodes.SegmentNode(text, segment.name());
    }
    if (expr instanceof InGroup group) {
      return new Nodes.GroupNode(text, group.name());
    }
    if (expr instanceof ConsentIs consent) {
      return new Nodes.ConsentNode(text, consent.channel(), consent.status());
    }
    if (expr instanceof ReachableVia reachable) {
      return new Nodes.ReachableNode(text, reachable.channel());
    }
    if (expr instanceof Everyone) {
      return new Nodes.ConstNode(text, true);
    }
    throw new IllegalArgumentException("unknown expression " + expr);
  }

  private static List<Node> nodes(List<Expr> exprs) {
    List<Node> nodes = new ArrayList<>(exprs.size());
    for (Expr expr : exprs) {
      nodes.add(node(expr));
    }
    return nodes;
  }

  private static Node check(String text, PathCheck pathCheck) {
    Getter getter = Getter.of(pathCheck.path());
    Check check = pathCheck.check();
    if (check instanceof Check.Compare compare) {
      boolean negate = compare.op() == CompareOp.NE;
      CompareOp op = negate ? CompareOp.EQ : compare.op();
      return new Nodes.CheckNode(text, getter, new ValuePredicate.Compare(op, Lit.of(compare.value())),
          false, negate);
    }
    if (check instanceof Check.Contains contains) {
      return new Nodes.CheckNode(text, getter, new ValuePredicate.Contains(Lit.of(contains.value())),
          false, contains.negated());
    }
    if (check instanceof Check.StartsWith starts) {
      return new Nodes.CheckNode(text, getter, new ValuePredicate.StartsWith(starts.prefix()), false, false);
    }
    if (check instanceof Check.EndsWith ends) {
      return new Nodes.CheckNode(text, getter, new ValuePredicate.EndsWith(ends.suffix()), false, false);
    }
    if (check instanceof Check.Matches matches) {
      return new Nodes.CheckNode(text, getter,
          new ValuePredicate.Matches(Pattern.compile(matches.pattern())), false, false);
    }
    if (check instanceof Check.InList in) {
      List<Lit> items = new ArrayList<>();
      for (Literal item : in.values().items()) {
        items.add(Lit.of(item));
      }
      return new Nodes.CheckNode(text, getter, new ValuePredicate.In(items), false, in.negated());
    }
    if (check instanceof Check.Between between) {
      return new Nodes.CheckNode(text, getter,
          new ValuePredicate.Between(Lit.of(between.low()), Lit.of(between.high())), false, false);
    }
    if (check instanceof Check.IsEmpty empty) {
      return new Nodes.CheckNode(text, getter, new ValuePredicate.IsEmpty(), true, empty.negated());
    }
    Check.InWindow window = (Check.InWindow) check;
    return new Nodes.CheckNode(text, getter, new ValuePredicate.InWindow(window.window()), false, false);
  }
}

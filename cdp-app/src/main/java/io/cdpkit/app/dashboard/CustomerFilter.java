package io.cdpkit.app.dashboard;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The customer list's filter as a segment expression, so the list, a group made from it and a
 * saved segment agree on who matches. Query parameters: {@code channel} (an identifier type the
 * customer has: {@code $identifier.email is not empty}), {@code property}, {@code operator} and
 * {@code value} (an attribute test as in {@link SegmentBlocks}), {@code source} (an event from that
 * source) and {@code activeFrom}/{@code activeTo} (an event on those days, inclusive; with a
 * source, an event from it on those days).
 */
final class CustomerFilter {
  private final List<Expr> conditions;

  private CustomerFilter(List<Expr> conditions) {
    this.conditions = conditions;
  }

  static CustomerFilter from(ApiRequest request) {
    List<Expr> conditions = new ArrayList<>();
    String channel = request.parameter("channel");
    if (channel != null) {
      if (!channel.matches("[a-z][a-z0-9_]*")) {
        throw new BadParameterException("channel", "an identifier type such as email or phone is needed, was '" + channel + "'");
      }
      conditions.add(new PathCheck(Path.system("identifier", channel), new Check.IsEmpty(true)));
    }
    String property = request.parameter("property");
    if (property != null) {
      String operator = request.parameter("operator");
      String value = request.parameter("value");
      conditions.add(SegmentBlocks.block(ChartJson.MAPPER.createObjectNode().put("type", "attribute")
          .put("path", property).put("operator", operator == null ? "=" : operator).put("value", value == null ? "" : value),
          "property"));
    }
    String source = request.parameter("source");
    LocalDate from = request.dateParameter("activeFrom");
    LocalDate to = request.dateParameter("activeTo");
    if (source != null || from != null || to != null) {
      EventCondition event = EventCondition.of(null).withWindow(window(from, to));
      if (source != null) {
        event = event.where(new PathCheck(Path.system("source"), new Check.Compare(CompareOp.EQ, new Literal.Text(source))));
      }
      conditions.add(event);
    }
    return new CustomerFilter(conditions);
  }

  /** The filter in the segment language; empty when no filter is set. */
  Optional<String> expression() {
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    Expr expr = conditions.size() == 1 ? conditions.get(0) : new And(conditions);
    return Optional.of(SegmentExpression.of(expr).print());
  }

  private static Window window(@Nullable LocalDate from, @Nullable LocalDate to) {
    if (from != null && to != null) {
      if (to.isBefore(from)) {
        throw new BadParameterException("activeTo", "must not be before activeFrom");
      }
      return new Window.BetweenDates(from, to);
    }
    if (from != null) {
      return new Window.After(from.minusDays(1));
    }
    return to != null ? new Window.Before(to.plusDays(1)) : new Window.Anytime();
  }
}

package io.cdpkit.segments.ast;

import java.util.Objects;

/**
 * A test on the value a path names: {@code age < 30}, {@code tags contains "vip"}, {@code signup
 * in the last 7 days}. On a profile the path names an attribute or a system field; inside a
 * {@code where} filter it names an event property or a list element's field.
 *
 * <p>On a path, {@code between D1 and D2} with two dates is written the same as a range test and
 * means the same (from the start of D1 through the end of D2), so a {@link Window.BetweenDates}
 * window given here is stored as the equal {@link Check.Between} of two {@link Literal.Date}s:
 * one meaning, one tree.
 */
public record PathCheck(Path path, Check check) implements Expr {
  public PathCheck {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(check, "check");
    if (check instanceof Check.InWindow window
        && window.window() instanceof Window.BetweenDates between) {
      check = new Check.Between(new Literal.Date(between.from()), new Literal.Date(between.to()));
    }
  }
}

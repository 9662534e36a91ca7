package io.cdpkit.segments.ast;

import java.util.Objects;

/**
 * A test on the value a path names: {@code age < 30}, {@code tags contains "vip"}, {@code signup
 * in the last 7 days}. On a profile the path names an attribute or a system field; inside a
 * {@code where} filter it names an event property or a list element's field.
 */
public record PathCheck(Path path, Check check) implements Expr {
  public PathCheck {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(check, "check");
  }
}

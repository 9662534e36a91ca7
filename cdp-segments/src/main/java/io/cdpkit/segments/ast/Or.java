package io.cdpkit.segments.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * True when any argument is true. Nested {@code Or}s are flattened on construction, so that
 * {@code a or (b or c)} and {@code a or b or c} are the same tree.
 *
 * @param args two or more expressions, none of them an {@code Or}
 */
public record Or(List<Expr> args) implements Expr {

  /**
   * @throws IllegalArgumentException when fewer than two arguments remain after flattening
   */
  public Or {
    List<Expr> flat = new ArrayList<>(args.size());
    for (Expr arg : args) {
      if (arg instanceof Or or) {
        flat.addAll(or.args());
      } else {
        flat.add(java.util.Objects.requireNonNull(arg, "arg"));
      }
    }
    if (flat.size() < 2) {
      throw new IllegalArgumentException("or needs at least two arguments, had " + flat.size());
    }
    args = List.copyOf(flat);
  }

  /** {@code first or second or ...}. */
  public static Or of(Expr first, Expr second, Expr... more) {
    List<Expr> all = new ArrayList<>(List.of(first, second));
    all.addAll(List.of(more));
    return new Or(all);
  }
}

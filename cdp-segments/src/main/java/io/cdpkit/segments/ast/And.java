package io.cdpkit.segments.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * True when every argument is true. Nested {@code And}s are flattened on construction, so that
 * {@code a and (b and c)} and {@code a and b and c} are the same tree.
 *
 * @param args two or more expressions, none of them an {@code And}
 */
public record And(List<Expr> args) implements Expr {

  /**
   * @throws IllegalArgumentException when fewer than two arguments remain after flattening
   */
  public And {
    List<Expr> flat = new ArrayList<>(args.size());
    for (Expr arg : args) {
      if (arg instanceof And and) {
        flat.addAll(and.args());
      } else {
        flat.add(java.util.Objects.requireNonNull(arg, "arg"));
      }
    }
    if (flat.size() < 2) {
      throw new IllegalArgumentException("and needs at least two arguments, had " + flat.size());
    }
    args = List.copyOf(flat);
  }

  /** {@code first and second and ...}. */
  public static And of(Expr first, Expr second, Expr... more) {
    List<Expr> all = new ArrayList<>(List.of(first, second));
    all.addAll(List.of(more));
    return new And(all);
  }
}

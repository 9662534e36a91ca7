package io.cdpkit.segments;

import java.util.List;
import java.util.Objects;

/**
 * Why an expression matched or not: a tree mirroring the expression, each node with its canonical
 * text, its value and a detail (the value found for a path, the count or aggregate for an event
 * condition). Immutable and thread-safe. Every child is evaluated, even where evaluation itself
 * would stop early.
 *
 * @param expression the node's canonical text
 * @param value what the node evaluated to
 * @param detail what was found, such as {@code count: 2} or {@code value: 25}; "" when nothing
 *     useful
 * @param children the explanations of the node's parts, in order
 */
public record Explanation(String expression, boolean value, String detail, List<Explanation> children) {

  public Explanation {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(detail, "detail");
    children = List.copyOf(children);
  }

  /**
   * The tree as indented text, one node a line:
   *
   * <pre>
   * true  age &lt; 30 or event "purchase" at least 2
   *   false age &lt; 30  [value: 41]
   *   true  event "purchase" at least 2  [count: 3]
   * </pre>
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    render(0, out);
    return out.toString();
  }

  private void render(int depth, StringBuilder out) {
    if (depth > 0) {
      out.append('\n');
    }
    out.append("  ".repeat(depth)).append(value ? "true  " : "false ").append(expression);
    if (!detail.isEmpty()) {
      out.append("  [").append(detail).append(']');
    }
    for (Explanation child : children) {
      child.render(depth + 1, out);
    }
  }

  @Override
  public String toString() {
    return render();
  }
}

package io.cdpkit.segments.internal.parse;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where each node of a parsed tree started in the text, by node identity (trees compare by
 * content, so positions cannot be part of the nodes). Filled while parsing, then read-only.
 */
public final class Positions {
  /** A 1-based line and column. */
  public record Position(int line, int column) {}

  /** Positions of a tree built in code: none known. */
  public static final Positions NONE = new Positions();

  private final Map<Object, Position> byNode = new IdentityHashMap<>();

  void put(Object node, Token token) {
    byNode.putIfAbsent(node, new Position(token.line(), token.column()));
  }

  /** Where the node started, or {@code null} when unknown. */
  public @Nullable Position of(Object node) {
    return byNode.get(node);
  }
}

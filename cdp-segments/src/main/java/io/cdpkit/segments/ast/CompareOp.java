package io.cdpkit.segments.ast;

/** A comparison operator: {@code =}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
public enum CompareOp {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  CompareOp(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written. */
  public String symbol() {
    return symbol;
  }

  /** Whether {@code a OP b} holds, given {@code comparison = a.compareTo(b)}. */
  public boolean holds(int comparison) {
    switch (this) {
      case EQ:
        return comparison == 0;
      case NE:
        return comparison != 0;
      case LT:
        return comparison < 0;
      case LE:
        return comparison <= 0;
      case GT:
        return comparison > 0;
      default:
        return comparison >= 0;
    }
  }

  /** The operator written as {@code symbol}, or {@code null} when none is. */
  public static @org.jspecify.annotations.Nullable CompareOp fromSymbol(String symbol) {
    for (CompareOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    return null;
  }
}

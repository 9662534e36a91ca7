package io.cdpkit.segments.internal.parse;

import java.util.Locale;

/**
 * One token of segment text with its position. {@code value} is the decoded value: the text of a
 * string or back-quoted part, a {@code BigDecimal}, {@code LocalDate} or {@code OffsetDateTime},
 * the name after {@code $}, or the raw text otherwise.
 */
public record Token(Kind kind, String raw, Object value, int offset, int line, int column) {

  /** Token kinds. */
  public enum Kind {
    WORD,
    QUOTED,
    SYSTEM,
    STRING,
    NUMBER,
    DATE,
    DATE_TIME,
    OP,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    DOT,
    STAR,
    EOF
  }

  /** True for a bare word equal to the keyword, ignoring case. */
  public boolean isKeyword(String keyword) {
    return kind == Kind.WORD && raw.equalsIgnoreCase(keyword);
  }

  /** The bare word in lower case ("" for other kinds). */
  public String lowerWord() {
    return kind == Kind.WORD ? raw.toLowerCase(Locale.ROOT) : "";
  }

  /** The token as an error message shows what was found. */
  public String describe() {
    switch (kind) {
      case EOF:
        return "end of input";
      case STRING:
        return "string " + raw;
      case NUMBER:
        return "number " + raw;
      case DATE:
        return "date " + raw;
      case DATE_TIME:
        return "date-time " + raw;
      case QUOTED:
        return "path part " + raw;
      case WORD:
        return Keywords.isKeyword(raw) ? "keyword \"" + raw + "\"" : "\"" + raw + "\"";
      default:
        return "\"" + raw + "\"";
    }
  }
}

package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.Problem;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits segment text into tokens. Whitespace separates tokens, {@code #} starts a comment to the
 * end of the line. Positions are 1-based lines and columns (UTF-16 units).
 */
public final class Lexer {
  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String text) {
    this.text = text;
  }

  /**
   * All tokens of the text, ending with {@link Kind#EOF}.
   *
   * @throws SegmentSyntaxException at the first character that starts no token
   */
  public static List<Token> tokenize(String text) {
    return new Lexer(text).run();
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipBlanks();
      if (pos >= text.length()) {
        tokens.add(new Token(Kind.EOF, "", "", pos, line, column(pos)));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipBlanks() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        newLine();
      } else if (c == '\r') {
        pos++;
        if (pos < text.length() && text.charAt(pos) == '\n') {
          pos++;
        }
        newLine();
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void newLine() {
    line++;
    lineStart = pos;
  }

  private int column(int offset) {
    return offset - lineStart + 1;
  }

  private Token next() {
    int start = pos;
    int startLine = line;
    int startColumn = column(pos);
    char c = text.charAt(pos);
    switch (c) {
      case '(':
        pos++;
        return token(Kind.LPAREN, start, startLine, startColumn, "(");
      case ')':
        pos++;
        return token(Kind.RPAREN, start, startLine, startColumn, ")");
      case '[':
        pos++;
        return token(Kind.LBRACKET, start, startLine, startColumn, "[");
      case ']':
        pos++;
        return token(Kind.RBRACKET, start, startLine, startColumn, "]");
      case ',':
        pos++;
        return token(Kind.COMMA, start, startLine, startColumn, ",");
      case '.':
        pos++;
        return token(Kind.DOT, start, startLine, startColumn, ".");
      case '*':
        pos++;
        return token(Kind.STAR, start, startLine, startColumn, "*");
      case '=':
        pos++;
        return token(Kind.OP, start, startLine, startColumn, "=");
      case '!':
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '=') {
          pos += 2;
          return token(Kind.OP, start, startLine, startColumn, "!=");
        }
        throw error(startLine, startColumn, "\"!=\"", "\"!\"");
      case '<':
      case '>':
        pos++;
        if (pos < text.length() && text.charAt(pos) == '=') {
          pos++;
        }
        return token(Kind.OP, start, startLine, startColumn, text.substring(start, pos));
      case '"':
      case '\'':
        return string(c, Kind.STRING, start, startLine, startColumn);
      case '`':
        return string('`', Kind.QUOTED, start, startLine, startColumn);
      case '$':
        return system(start, startLine, startColumn);
      default:
        break;
    }
    if (isDigit(c) || (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number(start, startLine, startColumn);
    }
    int cp = text.codePointAt(pos);
    if (Keywords.isWordStart(cp)) {
      while (pos < text.length() && Keywords.isWordPart(text.codePointAt(pos))) {
        pos += Character.charCount(text.codePointAt(pos));
      }
      String word = text.substring(start, pos);
      return new Token(Kind.WORD, word, word, start, startLine, startColumn);
    }
    throw error(startLine, startColumn, "a path, value, operator or keyword",
        "\"" + new String(Character.toChars(cp)) + "\"");
  }

  private Token token(Kind kind, int start, int startLine, int startColumn, String raw) {
    return new Token(kind, raw, raw, start, startLine, startColumn);
  }

  private Token system(int start, int startLine, int startColumn) {
    pos++;
    if (pos >= text.length() || !Keywords.isWordStart(text.codePointAt(pos))) {
      throw error(line, column(pos), "a system field name after \"$\"", foundAt(pos));
    }
    while (pos < text.length() && Keywords.isWordPart(text.codePointAt(pos))) {
      pos += Character.charCount(text.codePointAt(pos));
    }
    String raw = text.substring(start, pos);
    return new Token(Kind.SYSTEM, raw, raw.substring(1), start, startLine, startColumn);
  }

  private Token number(int start, int startLine, int startColumn) {
    if (isDate(pos)) {
      return date(start, startLine, startColumn);
    }
    if (text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    String raw = text.substring(start, pos);
    return new Token(Kind.NUMBER, raw, new BigDecimal(raw), start, startLine, startColumn);
  }

  private boolean isDate(int at) {
    if (at + 10 > text.length()) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = text.charAt(at + i);
      boolean ok = (i == 4 || i == 7) ? c == '-' : isDigit(c);
      if (!ok) {
        return false;
      }
    }
    return at + 10 == text.length() || !isDigit(text.charAt(at + 10));
  }

  private Token date(int start, int startLine, int startColumn) {
    pos += 10;
    if (pos + 1 < text.length() && text.charAt(pos) == 'T' && isDigit(text.charAt(pos + 1))) {
      pos++;
      while (pos < text.length() && isDateTimeChar(text.charAt(pos))) {
        pos++;
      }
      String raw = text.substring(start, pos);
      try {
        OffsetDateTime value = OffsetDateTime.parse(raw, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new Token(Kind.DATE_TIME, raw, value, start, startLine, startColumn);
      } catch (DateTimeParseException e) {
        throw error(startLine, startColumn,
            "an ISO-8601 date-time with an offset, such as 2024-05-01T10:00:00Z", "\"" + raw + "\"");
      }
    }
    String raw = text.substring(start, pos);
    try {
      return new Token(Kind.DATE, raw, LocalDate.parse(raw), start, startLine, startColumn);
    } catch (DateTimeParseException e) {
      throw error(startLine, startColumn, "a valid date, such as 2024-05-01", "\"" + raw + "\"");
    }
  }

  private static boolean isDateTimeChar(char c) {
    return isDigit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z';
  }

  private Token string(char quote, Kind kind, int start, int startLine, int startColumn) {
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        String what = kind == Kind.QUOTED ? "a closing back-quote" : "a closing " + quote;
        throw error(line, column(pos), what, "end of input");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        break;
      }
      if (c == '\\') {
        value.append(escape(quote));
        continue;
      }
      if (c == '\n' || c == '\r') {
        value.append(c);
        pos++;
        if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
          value.append('\n');
          pos++;
        }
        newLine();
        continue;
      }
      value.append(c);
      pos++;
    }
    String decoded = value.toString();
    if (kind == Kind.QUOTED && decoded.isEmpty()) {
      throw error(startLine, startColumn, "a non-empty back-quoted path part", "``");
    }
    return new Token(kind, text.substring(start, pos), decoded, start, startLine, startColumn);
  }

  private char escape(char quote) {
    int escLine = line;
    int escColumn = column(pos);
    pos++;
    if (pos >= text.length()) {
      throw error(line, column(pos), "an escaped character", "end of input");
    }
    char c = text.charAt(pos);
    pos++;
    switch (c) {
      case '"':
      case '\'':
      case '\\':
      case '`':
        if (c == '`' && quote != '`') {
          break;
        }
        return c;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 <= text.length()) {
          String hex = text.substring(pos, pos + 4);
          if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            pos += 4;
            return (char) Integer.parseInt(hex, 16);
          }
        }
        throw error(escLine, escColumn, "four hex digits after \\u",
            "\"" + text.substring(pos - 2, Math.min(text.length(), pos + 4)) + "\"");
      default:
        break;
    }
    throw error(escLine, escColumn, "an escape \\\" \\' \\\\ \\n \\t or \\uXXXX", "\"\\" + c + "\"");
  }

  private String foundAt(int at) {
    return at >= text.length() ? "end of input" : "\"" + text.charAt(at) + "\"";
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private SegmentSyntaxException error(int atLine, int atColumn, String expected, String found) {
    return new SegmentSyntaxException(
        text, List.of(new Problem(Problem.Kind.SYNTAX, atLine, atColumn, expected, found)));
  }
}

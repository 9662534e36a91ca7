package io.cdpkit.workflows.internal.render;

import java.nio.charset.StandardCharsets;

/** How a merge tag's value is written into the text around it. */
public enum Escaping {
  /** As is: plain text bodies and SMS. */
  TEXT {
    @Override
    public String apply(String value) {
      return value;
    }
  },
  /** HTML bodies: {@code & < > " '} become entities. */
  HTML {
    @Override
    public String apply(String value) {
      StringBuilder out = new StringBuilder(value.length() + 16);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '"' -> out.append("&quot;");
          case '\'' -> out.append("&#39;");
          default -> out.append(c);
        }
      }
      return out.toString();
    }
  },
  /** Inside a JSON string literal: quote, backslash and control characters escaped. */
  JSON_STRING {
    @Override
    public String apply(String value) {
      StringBuilder out = new StringBuilder(value.length() + 16);
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20 || c == '\u2028' || c == '\u2029') {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.toString();
    }
  },
  /** A header value: CR, LF and other control characters become spaces, so no header is added. */
  HEADER {
    @Override
    public String apply(String value) {
      StringBuilder out = new StringBuilder(value.length());
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        out.append((c < 0x20 && c != '\t') || c == 0x7F ? ' ' : c);
      }
      return out.toString();
    }
  },
  /**
   * One URL path segment (RFC 3986 {@code pchar}): UTF-8 percent-encoded except unreserved
   * characters and {@code !$&'()*+,;=:@}; a {@code /} in the value is encoded.
   */
  PATH_SEGMENT {
    @Override
    public String apply(String value) {
      return percentEncode(value, "!$&'()*+,;=:@");
    }
  },
  /**
   * One URL query value: UTF-8 percent-encoded except unreserved characters and {@code
   * !$'()*,;:@/?}; {@code & = + #} and spaces are encoded.
   */
  QUERY_VALUE {
    @Override
    public String apply(String value) {
      return percentEncode(value, "!$'()*,;:@/?");
    }
  };

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The value escaped for this context. */
  public abstract String apply(String value);

  private static String percentEncode(String value, String alsoAllowed) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
      int b = raw & 0xFF;
      boolean unreserved =
          (b >= 'A' && b <= 'Z')
              || (b >= 'a' && b <= 'z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || b == '.'
              || b == '_'
              || b == '~';
      if (unreserved || (b < 0x80 && alsoAllowed.indexOf(b) >= 0)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }
}

package io.cdpkit.workflows.channel;

/** Formatting shared by the console senders: one line per send, whatever the text holds. */
final class ConsoleLines {
  private ConsoleLines() {}

  /** The text in double quotes with backslash, quote, CR, LF and tab escaped. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}

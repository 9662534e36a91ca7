package io.cdpkit.segments;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Renders problems with their source line and a caret under the column. */
final class ProblemRendering {
  private ProblemRendering() {}

  static String render(String title, @Nullable String source, List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("at least one problem is needed");
    }
    StringBuilder out = new StringBuilder();
    String[] lines = source == null ? new String[0] : source.split("\r\n|\r|\n", -1);
    for (Problem problem : problems) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(title);
      if (problem.hasPosition()) {
        out.append(" at line ").append(problem.line()).append(", column ").append(problem.column());
      }
      out.append(": expected ").append(problem.expected()).append(", found ").append(problem.found());
      if (problem.hasPosition() && problem.line() <= lines.length) {
        String line = lines[problem.line() - 1];
        out.append('\n').append(line).append('\n');
        int upTo = Math.min(problem.column() - 1, line.length());
        for (int i = 0; i < upTo; i++) {
          out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = upTo; i < problem.column() - 1; i++) {
          out.append(' ');
        }
        out.append('^');
      }
    }
    return out.toString();
  }
}

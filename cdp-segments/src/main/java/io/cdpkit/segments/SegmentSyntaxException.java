package io.cdpkit.segments;

import io.cdpkit.core.CdpException;
import java.util.List;

/**
 * Segment text that does not follow the grammar. Carries the {@link #problems()} (line, column,
 * expected, found) and the {@link #source()}; the message shows each problem with its source line
 * and a caret under the column:
 *
 * <pre>
 * Syntax error at line 1, column 10: expected a value, found end of input
 * age &lt; 30 or
 *          ^
 * </pre>
 */
public final class SegmentSyntaxException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<Problem> problems;

  /**
   * @throws IllegalArgumentException when no problem is given
   */
  public SegmentSyntaxException(String source, List<Problem> problems) {
    super(ProblemRendering.render("Syntax error", source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The text that was parsed. */
  public String source() {
    return source;
  }

  /** The problems found, in source order; never empty. */
  public List<Problem> problems() {
    return problems;
  }
}

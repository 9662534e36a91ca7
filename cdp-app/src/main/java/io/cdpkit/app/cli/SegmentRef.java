package io.cdpkit.app.cli;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.Segments;
import java.util.stream.Collectors;

/**
 * The one rule for an {@code EXPR_OR_NAME} argument: a saved segment's name, else a segment
 * expression, never both. A name that would also read as an expression is refused when saved
 * ({@link #checkNewName}); a text that is both (a name saved before this rule) is refused as
 * ambiguous; a text that is neither is reported as an unknown name when it looks like one (a
 * single word), else with the expression's syntax error and its caret line.
 *
 * @param text the argument as given
 * @param saved whether it names a saved segment (else it is an expression)
 */
record SegmentRef(String text, boolean saved) {

  static SegmentRef of(Segments segments, String text) {
    boolean named = segments.find(text).isPresent();
    SegmentSyntaxException syntax = null;
    try {
      SegmentExpression.parse(text);
    } catch (SegmentSyntaxException e) {
      syntax = e;
    }
    if (named && syntax == null) {
      throw new InvalidInputException("EXPR_OR_NAME", text, "is both a saved segment's name and an"
          + " expression; rename the segment (cdp segment rename) to say which is meant");
    }
    if (named) {
      return new SegmentRef(text, true);
    }
    if (syntax == null) {
      return new SegmentRef(text, false);
    }
    if (text.matches("[\\p{L}\\p{N}_.-]+")) {
      throw new UnknownName(text, savedNames(segments));
    }
    throw syntax;
  }

  /**
   * Checks a name about to be given to a segment.
   *
   * @throws InvalidInputException when it reads as an expression too
   */
  static void checkNewName(String field, String name) {
    try {
      SegmentExpression.parse(name);
    } catch (SegmentSyntaxException notAnExpression) {
      return;
    }
    throw new InvalidInputException(field, name, "is an expression too, so commands could not tell"
        + " which is meant; choose a name that is not (such as a single word)");
  }

  private static String savedNames(Segments segments) {
    String names = segments.list().stream().map(s -> s.segment().name()).limit(10)
        .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }

  /** A single word that names no saved segment, with the names that exist. */
  static final class UnknownName extends SegmentNotFoundException {
    private static final long serialVersionUID = 1L;
    private final String saved;

    UnknownName(String name, String saved) {
      super("saved segment", name);
      this.saved = saved;
    }

    @Override
    public String getMessage() {
      return super.getMessage() + " (saved: " + saved + "), and it is not an expression either";
    }
  }

  /** The saved segment named. */
  SavedSegment segment(Segments segments) {
    return segments.get(text);
  }
}

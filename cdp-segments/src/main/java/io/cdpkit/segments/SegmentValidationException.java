package io.cdpkit.segments;

import io.cdpkit.core.CdpException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A well-formed segment expression that breaks a rule of meaning: an unknown segment or group, a
 * segment cycle, a pattern that does not compile, an inverted {@code between}, a negative count, a
 * non-number compared with {@code sum}/{@code avg}/{@code min}/{@code max}, an unknown computed
 * attribute. Carries every {@link #problems() problem} found, not just the first.
 */
public final class SegmentValidationException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String source;
  private final List<Problem> problems;

  /**
   * @param source the text the expression was parsed from, or {@code null} when built in code
   * @throws IllegalArgumentException when no problem is given
   */
  public SegmentValidationException(@Nullable String source, List<Problem> problems) {
    super(ProblemRendering.render("Invalid segment", source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The text the expression was parsed from, or {@code null} when it was built in code. */
  public @Nullable String source() {
    return source;
  }

  /** The problems found; never empty. */
  public List<Problem> problems() {
    return problems;
  }
}

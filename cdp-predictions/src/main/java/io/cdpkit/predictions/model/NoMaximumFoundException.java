package io.cdpkit.predictions.model;

/**
 * A likelihood whose maximum the search did not find within its budget of evaluations: the
 * orders fit the model too poorly (or too few of them vary) for parameters worth using.
 */
public final class NoMaximumFoundException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  NoMaximumFoundException(int evaluations) {
    super("no maximum of the likelihood found in " + evaluations + " evaluations");
  }
}

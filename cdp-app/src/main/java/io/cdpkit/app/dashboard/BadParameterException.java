package io.cdpkit.app.dashboard;

/**
 * A request parameter or chart field that is missing or wrong; the server answers 400 with {@code
 * {"error":"bad_parameter","parameter":...,"message":...}}.
 */
public final class BadParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  /**
   * @param parameter the parameter's name, with a path for nested chart fields ({@code
   *     series[1].aggregation})
   */
  public BadParameterException(String parameter, String message) {
    super(parameter + ": " + message);
    this.parameter = parameter;
  }

  /** The parameter's name or path. */
  public String parameter() {
    return parameter;
  }

  /** The message without the parameter prefix. */
  public String reason() {
    return getMessage().substring(parameter.length() + 2);
  }
}

package io.cdpkit.workflows;

/**
 * A workflow's figures over all its versions.
 *
 * @param workflow the name
 * @param entered enrollments started
 * @param active enrollments not final yet (active, waiting or paused)
 * @param completed enrollments that ran every step
 * @param exitedOnGoal enrollments that stopped on the goal
 * @param failed failed enrollments (dead letters)
 * @param cancelled cancelled enrollments
 * @param converted enrollments whose profile met the goal during the enrollment
 */
public record ConversionFigures(
    String workflow,
    long entered,
    long active,
    long completed,
    long exitedOnGoal,
    long failed,
    long cancelled,
    long converted) {

  /** Converted as a percentage of entered; 0 when nobody entered. */
  public double conversionPercent() {
    return entered == 0 ? 0.0 : converted * 100.0 / entered;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: entered %d, completed %d, exited on goal %d, converted %d (%.1f%%)",
        workflow, entered, completed, exitedOnGoal, converted, conversionPercent());
  }
}

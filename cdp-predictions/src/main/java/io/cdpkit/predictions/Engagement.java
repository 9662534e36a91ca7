package io.cdpkit.predictions;

/**
 * How engaged a customer is against the population, from recency and frequency; read in segments
 * as {@code $computed.engagement}, a number: 3 high, 2 medium, 1 low.
 */
public enum Engagement {
  LOW(1),
  MEDIUM(2),
  HIGH(3);

  private final int level;

  Engagement(int level) {
    this.level = level;
  }

  /** The number segments compare: 3 high, 2 medium, 1 low. */
  public int level() {
    return level;
  }
}

package io.cdpkit.core.tracking;

import java.util.Objects;

/**
 * One message of a batch that was not stored, and why.
 *
 * @param index the message's position in the batch, from 0
 * @param field the field at fault, as a path such as {@code batch[3].userId}
 * @param rule what the field must be, such as {@code userId or anonymousId is required}
 */
public record Rejection(int index, String field, String rule) {

  public Rejection {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, was " + index);
    }
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
  }
}

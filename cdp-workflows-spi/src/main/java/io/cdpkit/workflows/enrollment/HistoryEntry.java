package io.cdpkit.workflows.enrollment;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an enrollment's history: a state transition or a step taken, skipped or sent. The
 * text holds ids and reasons, never personal data.
 */
public record HistoryEntry(Instant at, String what) {
  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(what, "what");
  }

  @Override
  public String toString() {
    return at + " " + what;
  }
}

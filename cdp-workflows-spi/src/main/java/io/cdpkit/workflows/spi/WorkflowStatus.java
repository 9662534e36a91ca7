package io.cdpkit.workflows.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A workflow's current version and whether it takes new entries.
 *
 * @param name the workflow's name
 * @param currentVersion the version new enrollments start on
 * @param enabled whether it takes new entries (its enrollments are paused when not)
 * @param enabledSince when it was last enabled, or null while disabled; segment triggers fire only
 *     for transitions from then on
 */
public record WorkflowStatus(
    String name, int currentVersion, boolean enabled, @Nullable Instant enabledSince) {
  public WorkflowStatus {
    Objects.requireNonNull(name, "name");
    if (enabled != (enabledSince != null)) {
      throw new IllegalArgumentException("enabledSince is set exactly when enabled");
    }
  }

  public Optional<Instant> findEnabledSince() {
    return Optional.ofNullable(enabledSince);
  }
}

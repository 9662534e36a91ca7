package io.cdpkit.platform;

import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.workflows.RunReport;
import java.util.Objects;
import java.util.Optional;

/**
 * What one round of {@link CdpPlatform#runDue} did, module by module.
 *
 * @param refresh segments whose time checks fell due, re-evaluated
 * @param workflows trigger signals admitted and enrollments advanced
 * @param sync batches delivered to segment destinations; empty when nothing is synced
 */
public record DueWorkReport(RefreshResult refresh, RunReport workflows, Optional<SyncReport> sync) {
  /** Checks that every part is present. */
  public DueWorkReport {
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(workflows, "workflows");
    Objects.requireNonNull(sync, "sync");
  }
}

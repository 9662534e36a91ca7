package io.cdpkit.platform;

import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.workflows.RunReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one round of {@link CdpPlatform#runDue} did, module by module.
 *
 * @param refresh segments whose time checks fell due, re-evaluated
 * @param workflows trigger signals admitted and enrollments advanced
 * @param sync batches delivered to segment destinations; empty when nothing is synced
 * @param added what each due work given to {@link CdpPlatform.Builder#dueWork} reported, by its
 *     name, in the order they ran (null where a work reported null); unmodifiable
 */
public record DueWorkReport(
    RefreshResult refresh,
    RunReport workflows,
    Optional<SyncReport> sync,
    Map<String, @Nullable Object> added) {
  /** Checks that every part is present and copies the added reports, keeping their order. */
  public DueWorkReport {
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(workflows, "workflows");
    Objects.requireNonNull(sync, "sync");
    added = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(added, "added")));
  }
}

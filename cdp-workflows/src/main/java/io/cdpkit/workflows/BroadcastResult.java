package io.cdpkit.workflows;

/**
 * What a broadcast did.
 *
 * @param members the audience's members when it ran
 * @param enrolled enrollments started (they send on the next {@code runDue})
 * @param refused members not enrolled: unreachable under the consent rule, or refused by the
 *     re-entry policy
 * @param batches how many batches the audience was read and enrolled in
 */
public record BroadcastResult(long members, long enrolled, long refused, int batches) {}

/**
 * Consent and privacy: consent changes and their history, the profile-wide opt-out,
 * deliverability, reachability ({@link io.cdpkit.core.consent.ReachabilityPolicy}, {@link
 * io.cdpkit.core.consent.Reachability}), and the audit trail of privacy-relevant actions.
 */
@NullMarked
package io.cdpkit.core.consent;

import org.jspecify.annotations.NullMarked;

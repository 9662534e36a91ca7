package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Whether a send may go now: consent and reachability, quiet hours, frequency caps. */
final class SendGate {

  /**
   * The gate's answer: go, skip with a reason, or hold until an instant.
   *
   * @param skipReason why the send is skipped, or null
   * @param holdUntil when quiet hours that hold the send end, or null
   */
  record Decision(@Nullable String skipReason, @Nullable Instant holdUntil) {
    static final Decision GO = new Decision(null, null);
  }

  private final EnrollmentStore store;
  private final ProfileReads reads;

  SendGate(EnrollmentStore store, ProfileReads reads) {
    this.store = store;
    this.reads = reads;
  }

  Decision check(CompiledWorkflow cw, Profile profile, String channel, Instant now) {
    String reason = unreachable(cw, profile, channel, now);
    if (reason == null) {
      SendPolicy.QuietHours quiet = cw.workflow.sendPolicy().quietHours();
      Instant end = quiet == null ? null : quietUntil(quiet, profile, now);
      if (end != null && quiet.action() == SendPolicy.QuietAction.HOLD) {
        return new Decision(null, end);
      }
      reason = end != null ? "quiet hours" : capReached(cw, profile, channel, now);
    }
    return reason == null ? Decision.GO : new Decision(reason, null);
  }

  private @Nullable String unreachable(
      CompiledWorkflow cw, Profile profile, String channel, Instant now) {
    String rule = cw.workflow.consent().channel();
    if (rule == null) {
      return null;
    }
    Set<String> channels = new LinkedHashSet<>(List.of(rule, channel));
    for (String c : channels) {
      Reachability reach = reads.reachability(profile, c, now);
      if (!reach.isReachable()) {
        return "not reachable on " + c + ": " + reach.reason()
            + (reach.detail().isEmpty() ? "" : " (" + reach.detail() + ")");
      }
    }
    return null;
  }

  /** When the quiet hours the send falls in end, or null when it falls in none. */
  private static @Nullable Instant quietUntil(
      SendPolicy.QuietHours quiet, Profile profile, Instant now) {
    ZoneId zone = quiet.defaultZone();
    Optional<AttributeValue> attribute = profile.attribute(quiet.zoneAttribute());
    if (attribute.isPresent() && attribute.get() instanceof TextValue text) {
      try {
        zone = ZoneId.of(text.value());
      } catch (DateTimeException e) {
        zone = quiet.defaultZone();
      }
    }
    ZonedDateTime local = now.atZone(zone);
    if (!quiet.contains(local.toLocalTime())) {
      return null;
    }
    ZonedDateTime end = local.with(quiet.to());
    if (!end.isAfter(local)) {
      end = end.plusDays(1).with(quiet.to());
    }
    return end.toInstant();
  }

  private @Nullable String capReached(
      CompiledWorkflow cw, Profile profile, String channel, Instant now) {
    for (SendPolicy.FrequencyCap cap : cw.workflow.sendPolicy().caps()) {
      if (cap.channel().equals(channel)
          && store.countDelivered(profile.id(), channel, now.minus(cap.period())) >= cap.max()) {
        return "frequency cap: at most " + cap.max() + " " + channel + " per " + cap.period();
      }
    }
    return null;
  }
}

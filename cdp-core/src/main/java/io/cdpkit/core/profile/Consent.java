package io.cdpkit.core.profile;

import io.cdpkit.core.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A consent decision for one channel (email, sms, whatsapp, push, ...) and purpose (marketing by
 * default), with when it was given, where it came from and when it lapses.
 */
public record Consent(
    String channel,
    String purpose,
    ConsentStatus status,
    Instant at,
    String source,
    @Nullable Instant expiresAt) {

  /** The purpose used when none is named. */
  public static final String MARKETING = "marketing";

  public Consent {
    Checks.typeName("channel", channel);
    Checks.typeName("purpose", purpose);
    Objects.requireNonNull(status, "status");
    Checks.instant("at", at);
    Checks.text("source", source, Checks.MAX_ID_LENGTH);
  }
}

package io.cdpkit.core.consent;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.internal.Checks;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A consent decision as recorded: for a channel ({@code email}, {@code sms}, {@code whatsapp},
 * {@code push}, ..., or {@value #ALL_CHANNELS} for the profile-wide opt-out) and a purpose, given
 * through an identifier when known, at an instant, from a source, possibly lapsing, asked for by
 * an actor. The latest decision by {@code at} wins, whatever order decisions arrive in.
 *
 * @param identifier the address the decision came through, when known (provenance only)
 * @param actor who recorded it (an operator, an integration); kept in the audit trail
 */
public record ConsentChange(
    @Nullable Identifier identifier,
    String channel,
    String purpose,
    ConsentStatus status,
    Instant at,
    String source,
    @Nullable Instant expiresAt,
    String actor) {

  /** The channel of the profile-wide opt-out (CCPA "do not sell or share", global opt-out). */
  public static final String ALL_CHANNELS = "all";

  public ConsentChange {
    Checks.typeName("channel", channel);
    Checks.typeName("purpose", purpose);
    Objects.requireNonNull(status, "status");
    Checks.instant("at", at);
    Checks.text("source", source, Checks.MAX_ID_LENGTH);
    if (expiresAt != null && !expiresAt.isAfter(at)) {
      throw new io.cdpkit.core.InvalidInputException(
          "expiresAt", expiresAt, "must be after the decision's instant " + at);
    }
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
  }

  /** A marketing decision for a channel, now-less: give the instant explicitly. */
  public static ConsentChange of(String channel, ConsentStatus status, Instant at, String source) {
    return new ConsentChange(null, channel, Consent.MARKETING, status, at, source, null, source);
  }

  /** The same decision given through an identifier. */
  public ConsentChange via(Identifier through) {
    return new ConsentChange(through, channel, purpose, status, at, source, expiresAt, actor);
  }

  /** The same decision for another purpose. */
  public ConsentChange forPurpose(String newPurpose) {
    return new ConsentChange(identifier, channel, newPurpose, status, at, source, expiresAt, actor);
  }

  /** The same decision lapsing at {@code expiry}. */
  public ConsentChange expiringAt(Instant expiry) {
    return new ConsentChange(identifier, channel, purpose, status, at, source, expiry, actor);
  }

  /** The same decision recorded by {@code who}. */
  public ConsentChange by(String who) {
    return new ConsentChange(identifier, channel, purpose, status, at, source, expiresAt, who);
  }

  /** The state this decision sets. */
  public Consent toConsent() {
    return new Consent(channel, purpose, status, at, source, expiresAt);
  }
}

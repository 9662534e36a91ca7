package io.cdpkit.core.profile;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One unified person: attributes, the identifiers that find them, consents, and the ids of the
 * profiles merged into this one. Immutable; a snapshot as of the read that returned it.
 */
public record Profile(
    String id,
    ObjectValue attributes,
    List<ProfileIdentifier> identifiers,
    List<Consent> consents,
    Instant createdAt,
    Instant updatedAt,
    Set<String> mergedIds) {

  public Profile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
    identifiers = List.copyOf(identifiers);
    consents = List.copyOf(consents);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    mergedIds = Set.copyOf(mergedIds);
  }

  /** The attribute's value; empty when absent. */
  public Optional<AttributeValue> attribute(String name) {
    return attributes.get(name);
  }

  /** The identifiers of one type, main identifier first. */
  public List<ProfileIdentifier> identifiers(String type) {
    return identifiers.stream().filter(i -> i.identifier().type().equals(type)).toList();
  }

  /**
   * The identifier messages of this type go to: the one set as main, else the most recently seen.
   */
  public Optional<Identifier> mainIdentifier(String type) {
    ProfileIdentifier best = null;
    for (ProfileIdentifier candidate : identifiers) {
      if (!candidate.identifier().type().equals(type)) {
        continue;
      }
      if (best == null
          || (candidate.main() && !best.main())
          || (candidate.main() == best.main() && candidate.lastSeen().isAfter(best.lastSeen()))) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best).map(ProfileIdentifier::identifier);
  }

  /**
   * The profile's consent for a channel and purpose at {@code now}: the latest decision taken at or
   * before {@code now}, or {@link ConsentStatus#UNKNOWN} when there is none or it has lapsed.
   */
  public ConsentStatus consentStatus(String channel, String purpose, Instant now) {
    return consentDecision(channel, purpose, now)
        .filter(latest -> latest.expiresAt() == null || now.isBefore(latest.expiresAt()))
        .map(Consent::status)
        .orElse(ConsentStatus.UNKNOWN);
  }

  /**
   * The latest consent decision for a channel and purpose taken at or before {@code now}, also
   * when it has lapsed since; empty when none was taken. {@link #consentStatus(String, String,
   * Instant)} is its status while it holds.
   */
  public Optional<Consent> consentDecision(String channel, String purpose, Instant now) {
    Consent latest = null;
    for (Consent consent : consents) {
      if (consent.channel().equals(channel) && consent.purpose().equals(purpose)
          && !consent.at().isAfter(now) && (latest == null || consent.at().isAfter(latest.at()))) {
        latest = consent;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** The marketing consent for a channel at {@code now}; see {@link #consentStatus(String, String, Instant)}. */
  public ConsentStatus consentStatus(String channel, Instant now) {
    return consentStatus(channel, Consent.MARKETING, now);
  }

  /** True when the profile holds this identifier. */
  public boolean has(Identifier identifier) {
    return identifiers.stream().anyMatch(i -> i.identifier().equals(identifier));
  }
}

package io.cdpkit.core.internal;

import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.CdpRequest;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.SuppressedIdentifierException;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.identity.Survivorship;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies identify and track requests inside a write transaction: resolves the profile (which may
 * merge profiles, see {@link IdentityResolver}), attaches identifiers, records attribute history
 * and stores events.
 *
 * <p>Attributes are kept two ways: the current object on the profile row, and the history of
 * changes per origin profile. A change at or after the profile's {@code updatedAt} applies to the
 * current object directly; an older one (a late or historical import) replays the history in time
 * order, so the most recent value wins whatever order calls arrive in.
 */
final class Ingestion {
  private final Supplier<String> idGenerator;
  private final IdentityRules rules;
  private final IdentityResolver resolver;
  private final PrivacyOperations privacy;

  Ingestion(Supplier<String> idGenerator, IdentityRules rules, Merger merger, PrivacyOperations privacy) {
    this.idGenerator = idGenerator;
    this.rules = rules;
    this.resolver = new IdentityResolver(rules, merger, idGenerator);
    this.privacy = privacy;
  }

  /** The event type whose events also record a consent decision (see data-formats.md). */
  static final String CONSENT_EVENT = "consent";

  private void refuseSuppressed(StorageSession session, List<Identifier> identifiers) {
    for (Identifier identifier : identifiers) {
      if (privacy.isSuppressed(session, identifier)) {
        throw new SuppressedIdentifierException(identifier);
      }
    }
  }

  /**
   * A session for a batch of requests over {@code session}, having read what they will look up
   * (identifiers, profiles, event ids, suppressed identifiers) in a few queries; call {@link
   * BatchSession#flush} when the batch is done.
   */
  BatchSession prefetch(StorageSession session, List<? extends CdpRequest> requests) {
    Set<Identifier> identifiers = new LinkedHashSet<>();
    Set<String> profileIds = new HashSet<>();
    Set<String> eventIds = new HashSet<>();
    for (CdpRequest request : requests) {
      if (request instanceof Identify identify) {
        identifiers.addAll(identify.identifiers());
        if (identify.profileId() != null) {
          profileIds.add(identify.profileId());
        }
      } else {
        Track track = (Track) request;
        identifiers.addAll(track.identifiers());
        if (track.profileId() != null) {
          profileIds.add(track.profileId());
        }
        if (track.eventId() != null) {
          eventIds.add(track.eventId());
        }
      }
    }
    return BatchSession.prefetch(
        session, identifiers, profileIds, eventIds, privacy.suppressionHashes(identifiers));
  }

  Profile identify(
      StorageSession session, Identify request, Instant now, List<Consumer<CdpListener>> notices) {
    refuseSuppressed(session, request.identifiers());
    Instant at = request.timestamp() != null ? request.timestamp() : now;
    IdentityResolver.Resolution target =
        resolver.resolve(session, request.profileId(), request.identifiers(), at, now, notices);
    boolean identifiersChanged =
        attach(session, target.profile().id(), target.origin(), target.accepted(), at);
    StoredProfile profile = target.profile();
    if (!request.changes().isEmpty()) {
      profile = applyChanges(session, profile, target.origin(), request, at, target.merged());
    } else if (identifiersChanged) {
      profile = touched(session, profile, at);
    }
    Profile result = Profiles.assemble(session, profile);
    if (target.created()) {
      notices.add(l -> l.profileCreated(result));
    } else if (identifiersChanged || !request.changes().isEmpty()) {
      notices.add(l -> l.profileUpdated(result));
    }
    return result;
  }

  Event track(
      StorageSession session, Track request, Instant now, List<Consumer<CdpListener>> notices) {
    if (request.eventId() != null) {
      Optional<Event> existing = session.events().find(request.eventId());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    refuseSuppressed(session, request.identifiers());
    Instant at = request.timestamp() != null ? request.timestamp() : now;
    ConsentChange consent = request.type().equals(CONSENT_EVENT) ? consentOf(request, at) : null;
    IdentityResolver.Resolution target =
        resolver.resolve(session, request.profileId(), request.identifiers(), at, now, notices);
    boolean identifiersChanged =
        attach(session, target.profile().id(), target.origin(), target.accepted(), at);
    String eventId = request.eventId() != null ? request.eventId() : idGenerator.get();
    Event event =
        new Event(
            eventId,
            target.profile().id(),
            request.type(),
            at,
            now,
            request.source(),
            request.properties(),
            request.identifiers());
    session.events().insert(event, target.origin());
    StoredProfile stored =
        identifiersChanged ? touched(session, target.profile(), at) : target.profile();
    if (consent != null) {
      stored = Consents.record(session, stored, target.origin(), consent, now);
    }
    Profile owner = Profiles.assemble(session, stored);
    if (target.created()) {
      notices.add(l -> l.profileCreated(owner));
    } else if (identifiersChanged || consent != null) {
      notices.add(l -> l.profileUpdated(owner));
    }
    notices.add(new EventNotice(event, owner));
    return event;
  }

  /**
   * The decision a consent event carries: properties {@code channel} and {@code status}
   * (granted, denied or unknown) are required, {@code purpose} defaults to marketing, {@code
   * expires_at} is optional; the event's first identifier is the decision's provenance.
   */
  private static ConsentChange consentOf(Track request, Instant at) {
    ObjectValue properties = request.properties();
    String channel = textProperty(properties, "channel");
    ConsentStatus status = ProfileImport.status(textProperty(properties, "status"));
    String purpose =
        properties.get("purpose").isPresent() ? textProperty(properties, "purpose") : Consent.MARKETING;
    Instant expiresAt = null;
    if (properties.get("expires_at").isPresent()) {
      String text = textProperty(properties, "expires_at");
      try {
        expiresAt = Instant.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidInputException("properties.expires_at", text, "must be an ISO-8601 instant");
      }
    }
    Identifier through = request.identifiers().isEmpty() ? null : request.identifiers().get(0);
    return new ConsentChange(through, channel, purpose, status, at, request.source(), expiresAt, request.source());
  }

  private static String textProperty(ObjectValue properties, String name) {
    AttributeValue value = properties.get(name).orElse(null);
    if (!(value instanceof TextValue text)) {
      throw new InvalidInputException(
          "properties." + name, value == null ? null : value.toJson(), "a consent event needs a text " + name);
    }
    return text.value();
  }

  /**
   * Attaches identifiers that no profile holds (remembering the profile the call addressed as
   * their origin) and refreshes last-seen on the profile's own. Returns whether any was attached.
   */
  private static boolean attach(
      StorageSession session, String profileId, String origin, List<Identifier> identifiers, Instant at) {
    boolean changed = false;
    for (Identifier identifier : identifiers) {
      Optional<StoredIdentifier> existing = session.identifiers().find(identifier);
      if (existing.isEmpty()) {
        ProfileIdentifier state = new ProfileIdentifier(identifier, at, at, true, false);
        session.identifiers().put(new StoredIdentifier(state, profileId, origin));
        changed = true;
      } else if (existing.get().profileId().equals(profileId)
          && at.isAfter(existing.get().state().lastSeen())) {
        ProfileIdentifier old = existing.get().state();
        ProfileIdentifier seen =
            new ProfileIdentifier(identifier, old.firstSeen(), at, old.deliverable(), old.main());
        session.identifiers().put(
            new StoredIdentifier(seen, profileId, existing.get().originProfileId()));
      }
    }
    return changed;
  }

  /**
   * The profile with {@code updatedAt} moved to {@code at} when that is later, stored: a new
   * identifier changes the profile whichever call brought it, and an unmerge recomputes {@code
   * updatedAt} by the same rule (see {@link Unmerger}).
   */
  private static StoredProfile touched(StorageSession session, StoredProfile profile, Instant at) {
    if (!at.isAfter(profile.updatedAt())) {
      return profile;
    }
    StoredProfile updated = profile.withAttributes(profile.attributes(), at);
    session.profiles().update(updated);
    return updated;
  }

  private StoredProfile applyChanges(
      StorageSession session,
      StoredProfile profile,
      String origin,
      Identify request,
      Instant at,
      boolean merged) {
    session.attributeHistory().append(
        new AttributeUpdate(profile.id(), origin, at, 0, request.source(), request.changes()));
    ObjectValue attributes;
    Instant updatedAt;
    if (merged || at.isBefore(profile.updatedAt()) || touchesCustomSurvivorship(request)) {
      attributes = AttributeApplier.replay(session.attributeHistory().ofOwner(profile.id()), rules);
      updatedAt = at.isAfter(profile.updatedAt()) ? at : profile.updatedAt();
    } else {
      attributes = AttributeApplier.apply(profile.attributes(), request.changes());
      updatedAt = at;
    }
    StoredProfile updated = profile.withAttributes(attributes, updatedAt);
    session.profiles().update(updated);
    return updated;
  }

  private boolean touchesCustomSurvivorship(Identify request) {
    if (!rules.hasCustomSurvivorship()) {
      return false;
    }
    for (AttributeChange change : request.changes()) {
      if (!(rules.survivorship(change.name()) instanceof Survivorship.MostRecent)) {
        return true;
      }
    }
    return false;
  }
}

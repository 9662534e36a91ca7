package io.cdpkit.core;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityCounts;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.internal.DefaultCdp;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import java.io.Reader;
import java.io.Writer;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An embedded customer data platform: collects profiles and events, unifies identities and
 * answers queries. Create one with {@link #builder()} (or {@link #inMemory()} in tests), share it
 * across threads (it is thread-safe), and close it when done.
 *
 * <pre>{@code
 * try (Cdp cdp = Cdp.inMemory()) {
 *   cdp.identify(Identify.builder().email("ann@example.com").set("age", 25).build());
 *   cdp.track(Track.builder("purchase").identifier(Identifier.email("ann@example.com"))
 *       .property("amount", 30).build());
 * }
 * }</pre>
 */
public interface Cdp extends AutoCloseable {

  /** A builder with in-memory storage, the system UTC clock and UTC zone unless set. */
  static Builder builder() {
    return new Builder();
  }

  /** A Cdp on a fresh in-memory store with the system clock, zone UTC. */
  static Cdp inMemory() {
    return builder().build();
  }

  /**
   * Creates or updates a profile: found by the request's profile id (an old merged-away id finds
   * the survivor), else by its identifiers, else created. Identifiers new to the profile are
   * attached; attribute changes apply in order.
   *
   * @return the profile after the change
   * @throws InvalidInputException when a change cannot apply (nothing is stored)
   */
  Profile identify(Identify request);

  /** {@link #identify} for each request, all in one transaction: all stored, or none. */
  List<Profile> identifyAll(List<Identify> requests);

  /**
   * Stores an event for the profile found by the request's profile id or identifiers, creating an
   * anonymous profile when none matches. With an event id already stored, stores nothing and
   * returns the stored event.
   */
  Event track(Track request);

  /** {@link #track} for each request, all in one transaction: all stored, or none. */
  List<Event> trackAll(List<Track> requests);

  /** The profile with this id, or the survivor of a merge this id took part in. */
  Optional<Profile> findProfile(String profileId);

  /** The profile holding this identifier. */
  Optional<Profile> findProfile(Identifier identifier);

  /**
   * Applies identify and track requests in order, all in one transaction: all stored, or none.
   * For sources whose batches mix both, such as the tracking message format.
   *
   * @throws InvalidInputException naming the failing request ({@code requests[3]....})
   */
  IngestResult ingestAll(List<? extends CdpRequest> requests);

  /** Like {@link #findProfile(String)}. @throws ProfileNotFoundException when none exists */
  Profile getProfile(String profileId);

  /** A page of a profile's events, newest first. @throws ProfileNotFoundException when unknown */
  Page<Event> timeline(String profileId, TimelineQuery query);

  /** A page of profiles in the query's order. */
  Page<Profile> profiles(ProfileQuery query);

  /**
   * Profiles whose id, identifier value or top-level text attribute (such as a name) starts with
   * {@code prefix}, ignoring case; by id, at most {@code limit}.
   */
  List<Profile> searchProfiles(String prefix, int limit);

  long countProfiles();

  long countEvents();

  /** Each event type stored with its count, most frequent first. */
  List<EventTypeCount> eventTypes();

  /**
   * Deletes a profile with everything linked to it: {@link #eraseProfile(String, String)} with
   * actor {@code "api"}.
   *
   * @throws ProfileNotFoundException when unknown
   */
  void deleteProfile(String profileId);

  /**
   * Merges chosen profiles into the oldest of them, whatever the automatic rules would say: every
   * identifier, event and attribute update moves to the survivor, and the other ids resolve to it.
   * A profile that already holds merged profiles can take more, up to {@link
   * IdentityRules#maxManualMerge()} in all.
   *
   * @param actor who asked, kept in the identity log
   * @return the survivor
   * @throws ProfileNotFoundException when an id is unknown
   * @throws InvalidInputException when fewer than two different profiles are named, or too many
   */
  Profile merge(List<String> profileIds, String actor);

  /**
   * Takes a merged-away profile back out of its survivor: it gets back its own identifiers,
   * events and attribute values; the survivor keeps the rest.
   *
   * @return the restored profile
   * @throws ProfileNotFoundException when the id is unknown
   * @throws InvalidInputException when the profile is live, not merged into another
   */
  Profile unmerge(String sourceProfileId, String actor);

  /**
   * Makes an identifier the profile's main one of its type (where messages go), replacing any
   * main identifier of that type.
   *
   * @throws InvalidInputException when the profile does not hold the identifier
   */
  Profile setMainIdentifier(String profileId, Identifier identifier);

  /** The identity log entries naming the profile (merges, unmerges, refusals), oldest first. */
  List<MergeRecord> identityLog(String profileId);

  /**
   * Records a consent decision for the profile (use {@link ConsentChange#ALL_CHANNELS} for the
   * profile-wide opt-out). The decision joins the profile's history; the latest decision by
   * timestamp per channel and purpose is the current one, whatever order decisions arrive in.
   * Consent also arrives as events of type {@code consent} (see {@code data-formats.md}).
   *
   * @return the profile after the change
   */
  Profile recordConsent(String profileId, ConsentChange change);

  /** The profile's consent decisions, newest first. */
  List<ConsentChange> consentHistory(String profileId);

  /**
   * Marks an identifier undeliverable (a hard bounce, a malformed address) with the reason;
   * reachability then skips it.
   *
   * @throws ProfileNotFoundException when no profile holds the identifier
   */
  Profile markUndeliverable(Identifier identifier, String reason, String actor);

  /** Marks an identifier deliverable again (after a confirmed send, or on request). */
  Profile markDeliverable(Identifier identifier, String actor);

  /**
   * Whether the profile can be contacted on the channel now, with the identifier to use or the
   * reason it cannot (see {@link io.cdpkit.core.consent.Reachability.Reason}).
   */
  Reachability reachability(String profileId, String channel);

  /** How many profiles are reachable on the channel now, and why the others are not. */
  ReachabilityCounts reachabilityCounts(String channel);

  /**
   * Writes everything held about the profile as one JSON document, streamed: attributes with
   * their sources, identifiers, consents and their history, events, the identity log, the audit
   * trail, and the sections of registered modules (segments, workflows). Audited.
   */
  void exportProfile(String profileId, Writer out, String actor);

  /**
   * Reads a document written by {@link #exportProfile} into this Cdp, as it was (ids, origins,
   * instants kept): for moving a person between stores, or restoring an export.
   *
   * @throws InvalidInputException when the document is malformed, or its profile or an identifier
   *     exists already (nothing is stored)
   */
  Profile importProfile(Reader in);

  /**
   * Erases a profile and everything linked to it (events, identifiers, attribute and consent
   * history, identity log, memberships and enrollments of registered modules), in one
   * transaction; afterwards no query, timeline, export or count finds it. With {@link
   * PrivacyOptions#suppressErasedIdentifiers()}, one-way hashes of its identifiers are kept so that
   * later calls carrying them are refused. The audit trail keeps an entry without personal data.
   */
  void eraseProfile(String profileId, String actor);

  /**
   * Anonymises a profile instead of erasing it: events stay for statistics, but identifiers,
   * identifiers carried by events, personal attributes ({@link PrivacyOptions#personalAttributes()})
   * and the event properties of the same names (a purchase's {@code email} or {@code address}),
   * and consent history are removed. Add names such as {@code card} to the personal attributes to
   * remove them from events too.
   */
  Profile anonymiseProfile(String profileId, String actor);

  /** The audit trail of the profile, oldest first; kept after erasure. */
  List<AuditEntry> auditTrail(String profileId);

  /** Registers a module's data about profiles for GDPR export and erasure. */
  Subscription registerDataContributor(ProfileDataContributor contributor);

  /** The privacy options this Cdp was built with. */
  PrivacyOptions privacy();

  /** Registers a listener for changes committed from now on. */
  Subscription subscribe(CdpListener listener);

  /** The clock every time-based rule reads. */
  Clock clock();

  /** The zone of calendar rules (days, months) unless a call names another. */
  ZoneId zone();

  /**
   * The store, for extension modules (segments, workflows) that read it directly. Writing to it
   * bypasses validation, identity rules and listeners.
   */
  Storage storage();

  /** Closes the store. */
  @Override
  void close();

  /**
   * Configures a {@link Cdp}. Each setter checks its argument at once and refuses a second
   * setting of the same option. Not thread-safe.
   */
  final class Builder {
    private @Nullable Storage storage;
    private @Nullable Clock clock;
    private @Nullable ZoneId zone;
    private @Nullable Supplier<String> idGenerator;
    private @Nullable IdentityRules identityRules;
    private @Nullable PrivacyOptions privacy;
    private final List<CdpListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The store; in-memory by default. The Cdp closes it on {@link Cdp#close()}. */
    public Builder storage(Storage storage) {
      requireUnset("storage", this.storage);
      this.storage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /** The clock for default timestamps and time rules; {@code Clock.systemUTC()} by default. */
    public Builder clock(Clock clock) {
      requireUnset("clock", this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The zone for calendar rules; UTC by default. */
    public Builder zone(ZoneId zone) {
      requireUnset("zone", this.zone);
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Makes ids for new profiles and events without one; random UUIDs by default. */
    public Builder idGenerator(Supplier<String> idGenerator) {
      requireUnset("idGenerator", this.idGenerator);
      this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
      return this;
    }

    /** The identity resolution rules; {@link IdentityRules#defaults()} unless set. */
    public Builder identityRules(IdentityRules rules) {
      requireUnset("identityRules", this.identityRules);
      this.identityRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Privacy options: reachability policy, suppression, personal attributes. */
    public Builder privacy(PrivacyOptions options) {
      requireUnset("privacy", this.privacy);
      this.privacy = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Adds a listener registered from the start. */
    public Builder listener(CdpListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Cdp build() {
      return new DefaultCdp(
          storage != null ? storage : InMemoryStorage.create(),
          clock != null ? clock : Clock.systemUTC(),
          zone != null ? zone : ZoneId.of("UTC"),
          idGenerator != null ? idGenerator : () -> UUID.randomUUID().toString(),
          identityRules != null ? identityRules : IdentityRules.defaults(),
          privacy != null ? privacy : PrivacyOptions.defaults(),
          listeners);
    }

    private static void requireUnset(String option, @Nullable Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }
  }
}

package io.cdpkit.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.internal.DefaultCdp;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
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
   * Deletes a profile with its events, identifiers and history.
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
          listeners);
    }

    private static void requireUnset(String option, @Nullable Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }
  }
}

package io.cdpkit.core.internal;

import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.CdpRequest;
import io.cdpkit.core.IngestResult;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.Track;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Cdp}. Every ingesting call is one storage write transaction (a batch
 * call reads and writes through a {@link BatchSession}, a few queries per batch); the
 * listener notices it collects are published only after that transaction commits, so listeners
 * never see a change that was rolled back.
 */
public final class DefaultCdp implements Cdp, StorageBacked {
  private static final Logger log = LoggerFactory.getLogger(DefaultCdp.class);

  private final Storage storage;
  private final Clock clock;
  private final ZoneId zone;
  private final Listeners listeners;
  private final IdentityRules identityRules;
  private final ManualMerges manualMerges;
  private final PrivacyOptions privacy;
  private final PrivacyOperations privacyOperations;
  private final List<ProfileDataContributor> contributors = new CopyOnWriteArrayList<>();
  private final Ingestion ingestion;

  public DefaultCdp(
      Storage storage,
      Clock clock,
      ZoneId zone,
      Supplier<String> idGenerator,
      IdentityRules identityRules,
      PrivacyOptions privacy,
      List<CdpListener> initialListeners) {
    this.storage = storage;
    this.clock = clock;
    this.zone = zone;
    this.listeners = new Listeners(initialListeners);
    this.identityRules = identityRules;
    Merger merger = new Merger(identityRules);
    this.manualMerges = new ManualMerges(identityRules, merger);
    this.privacy = privacy;
    this.privacyOperations = new PrivacyOperations(privacy);
    this.ingestion = new Ingestion(idGenerator, identityRules, merger, privacyOperations);
    log.info("CDPKit started on {} (zone {})", storage, zone);
  }

  @Override
  public Profile identify(Identify request) {
    Objects.requireNonNull(request, "request");
    return inTransaction((session, notices) -> ingestion.identify(session, request, now(), notices));
  }

  @Override
  public List<Profile> identifyAll(List<Identify> requests) {
    List<Identify> copy = List.copyOf(requests);
    return inTransaction(
        (session, notices) -> {
          Instant now = now();
          BatchSession batch = ingestion.prefetch(session, copy);
          List<Profile> profiles = new ArrayList<>(copy.size());
          for (int i = 0; i < copy.size(); i++) {
            try {
              profiles.add(ingestion.identify(batch, copy.get(i), now, notices));
            } catch (InvalidInputException e) {
              throw e.within("requests[" + i + "]");
            }
          }
          batch.flush();
          return profiles;
        });
  }

  @Override
  public Event track(Track request) {
    Objects.requireNonNull(request, "request");
    return inTransaction((session, notices) -> ingestion.track(session, request, now(), notices));
  }

  @Override
  public List<Event> trackAll(List<Track> requests) {
    List<Track> copy = List.copyOf(requests);
    return inTransaction(
        (session, notices) -> {
          Instant now = now();
          BatchSession batch = ingestion.prefetch(session, copy);
          List<Event> events = new ArrayList<>(copy.size());
          for (int i = 0; i < copy.size(); i++) {
            try {
              events.add(ingestion.track(batch, copy.get(i), now, notices));
            } catch (InvalidInputException e) {
              throw e.within("requests[" + i + "]");
            }
          }
          batch.flush();
          return events;
        });
  }

  @Override
  public IngestResult ingestAll(List<? extends CdpRequest> requests) {
    List<CdpRequest> copy = List.copyOf(requests);
    return inTransaction(
        (session, notices) -> {
          Instant now = now();
          BatchSession batch = ingestion.prefetch(session, copy);
          List<Profile> profiles = new ArrayList<>();
          List<Event> events = new ArrayList<>();
          for (int i = 0; i < copy.size(); i++) {
            try {
              if (copy.get(i) instanceof Identify identify) {
                profiles.add(ingestion.identify(batch, identify, now, notices));
              } else {
                events.add(ingestion.track(batch, (Track) copy.get(i), now, notices));
              }
            } catch (InvalidInputException e) {
              throw e.within("requests[" + i + "]");
            }
          }
          batch.flush();
          return new IngestResult(profiles, events);
        });
  }

  @Override
  public Optional<Profile> findProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return storage.read(
        session -> Profiles.resolve(session, profileId).map(p -> Profiles.assemble(session, p)));
  }

  @Override
  public Optional<Profile> findProfile(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return storage.read(
        session ->
            session.identifiers().find(identifier)
                .flatMap(row -> session.profiles().find(row.profileId()))
                .map(p -> Profiles.assemble(session, p)));
  }

  @Override
  public Profile getProfile(String profileId) {
    return findProfile(profileId).orElseThrow(() -> new ProfileNotFoundException(profileId));
  }

  @Override
  public Page<Event> timeline(String profileId, TimelineQuery query) {
    Objects.requireNonNull(query, "query");
    return storage.read(
        session -> {
          StoredProfile profile =
              Profiles.resolve(session, profileId)
                  .orElseThrow(() -> new ProfileNotFoundException(profileId));
          return session.events().timeline(profile.id(), query);
        });
  }

  @Override
  public Page<Profile> profiles(ProfileQuery query) {
    Objects.requireNonNull(query, "query");
    return storage.read(
        session -> {
          Page<StoredProfile> page = session.profiles().list(query);
          List<Profile> profiles = new ArrayList<>(page.items().size());
          for (StoredProfile stored : page.items()) {
            profiles.add(Profiles.assemble(session, stored));
          }
          return new Page<>(profiles, page.next());
        });
  }

  @Override
  public List<Profile> searchProfiles(String prefix, int limit) {
    Checks.text("prefix", prefix, Checks.MAX_IDENTIFIER_LENGTH);
    Checks.range("limit", limit, 1, ProfileQuery.MAX_LIMIT);
    return storage.read(
        session ->
            session.profiles().search(prefix.strip(), limit).stream()
                .map(p -> Profiles.assemble(session, p))
                .toList());
  }

  @Override
  public long countProfiles() {
    return storage.read(session -> session.profiles().count());
  }

  @Override
  public long countEvents() {
    return storage.read(session -> session.events().count());
  }

  @Override
  public List<EventTypeCount> eventTypes() {
    return storage.read(session -> session.events().typeCounts());
  }

  @Override
  public Profile recordConsent(String profileId, ConsentChange change) {
    Objects.requireNonNull(change, "change");
    return inTransaction(
        (session, notices) -> {
          StoredProfile profile = require(session, profileId);
          // Recorded for the id named, a merged-away one included, so an unmerge gives it back.
          StoredProfile updated = Consents.record(session, profile, profileId, change, now());
          Profile after = Profiles.assemble(session, updated);
          notices.add(l -> l.profileUpdated(after));
          return after;
        });
  }

  @Override
  public List<ConsentChange> consentHistory(String profileId) {
    return storage.read(
        session ->
            session.consentHistory().ofOwner(require(session, profileId).id()).stream()
                .map(StoredConsentChange::change)
                .toList());
  }

  @Override
  public Profile markUndeliverable(Identifier identifier, String reason, String actor) {
    Checks.text("reason", reason, Checks.MAX_ID_LENGTH);
    return setDeliverability(identifier, false, reason, actor);
  }

  @Override
  public Profile markDeliverable(Identifier identifier, String actor) {
    return setDeliverability(identifier, true, null, actor);
  }

  private Profile setDeliverability(Identifier identifier, boolean deliverable, @Nullable String reason, String actor) {
    Objects.requireNonNull(identifier, "identifier");
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    return inTransaction(
        (session, notices) -> {
          StoredIdentifier row =
              session.identifiers().find(identifier)
                  .orElseThrow(() -> new ProfileNotFoundException(identifier.type() + " identifier"));
          session.identifiers().put(new StoredIdentifier(
              row.state().withDeliverability(deliverable, reason), row.profileId(), row.originProfileId()));
          session.auditLog().append(new AuditEntry(0, now(), actor, AuditEntry.Action.DELIVERABILITY_CHANGED,
              row.profileId(), identifier.type() + (deliverable ? " deliverable" : " undeliverable: " + reason)));
          Profile after = Profiles.assemble(session, session.profiles().find(row.profileId()).orElseThrow());
          notices.add(l -> l.profileUpdated(after));
          return after;
        });
  }

  @Override
  public Reachability reachability(String profileId, String channel) {
    Checks.typeName("channel", channel);
    Profile profile = getProfile(profileId);
    return privacy.reachability().check(profile, channel, now());
  }

  @Override
  public ReachabilityCounts reachabilityCounts(String channel) {
    Checks.typeName("channel", channel);
    Instant now = now();
    return storage.read(
        session -> {
          long total = 0;
          long reachable = 0;
          Map<Reachability.Reason, Long> reasons = new EnumMap<>(Reachability.Reason.class);
          try (Stream<StoredProfile> profiles = session.profiles().stream()) {
            for (Iterator<StoredProfile> it = profiles.iterator(); it.hasNext(); ) {
              Reachability answer =
                  privacy.reachability().check(Profiles.assemble(session, it.next()), channel, now);
              total++;
              if (answer.isReachable()) {
                reachable++;
              } else {
                reasons.merge(answer.reason(), 1L, Long::sum);
              }
            }
          }
          return new ReachabilityCounts(channel, total, reachable, reasons);
        });
  }

  @Override
  public void exportProfile(String profileId, Writer out, String actor) {
    Objects.requireNonNull(out, "out");
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    Instant now = now();
    String exportedId =
        storage.read(
            session -> {
              StoredProfile profile = require(session, profileId);
              try (JsonGenerator json = AttributeJson.mapper().getFactory().createGenerator(out)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                ProfileExport.write(session, profile, now, List.copyOf(contributors), json);
              } catch (IOException e) {
                throw new UncheckedIOException("writing the export of " + profile.id() + " failed", e);
              }
              return profile.id();
            });
    storage.write(session -> session.auditLog().append(
        new AuditEntry(0, now, actor, AuditEntry.Action.EXPORTED, exportedId, "exported")));
  }

  @Override
  public Profile importProfile(Reader in) {
    Objects.requireNonNull(in, "in");
    return inTransaction(
        (session, notices) -> {
          StoredProfile imported;
          try (JsonParser parser = AttributeJson.mapper().getFactory().createParser(in)) {
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            imported = ProfileImport.read(session, parser);
          } catch (JsonProcessingException e) {
            throw new InvalidInputException("export document", e.getOriginalMessage(), "must be valid JSON");
          } catch (IOException e) {
            throw new UncheckedIOException("reading the export document failed", e);
          }
          StoredProfile withConsents = ProfileImport.withConsents(session, imported);
          Profile after = Profiles.assemble(session, withConsents);
          notices.add(l -> l.profileCreated(after));
          return after;
        });
  }

  @Override
  public void eraseProfile(String profileId, String actor) {
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    inTransaction(
        (session, notices) -> {
          StoredProfile profile = require(session, profileId);
          privacyOperations.erase(session, profile, actor, now(), List.copyOf(contributors));
          notices.add(l -> l.profileDeleted(profile.id()));
          return null;
        });
    storage.afterErasure();
  }

  @Override
  public Profile anonymiseProfile(String profileId, String actor) {
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    Profile anonymised = inTransaction(
        (session, notices) -> {
          StoredProfile anonymous = privacyOperations.anonymise(session, require(session, profileId), actor, now());
          Profile after = Profiles.assemble(session, anonymous);
          notices.add(l -> l.profileUpdated(after));
          return after;
        });
    storage.afterErasure();
    return anonymised;
  }

  @Override
  public List<AuditEntry> auditTrail(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return storage.read(session -> session.auditLog().ofProfile(profileId));
  }

  @Override
  public Subscription registerDataContributor(ProfileDataContributor contributor) {
    contributors.add(Objects.requireNonNull(contributor, "contributor"));
    return () -> contributors.remove(contributor);
  }

  @Override
  public PrivacyOptions privacy() {
    return privacy;
  }

  private static StoredProfile require(StorageSession session, String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return Profiles.resolve(session, profileId).orElseThrow(() -> new ProfileNotFoundException(profileId));
  }

  @Override
  public Profile merge(List<String> profileIds, String actor) {
    List<String> ids = List.copyOf(profileIds);
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    return inTransaction((session, notices) -> manualMerges.merge(session, ids, actor, now(), notices));
  }

  @Override
  public Profile unmerge(String sourceProfileId, String actor) {
    Objects.requireNonNull(sourceProfileId, "sourceProfileId");
    Checks.text("actor", actor, Checks.MAX_ID_LENGTH);
    return inTransaction(
        (session, notices) -> manualMerges.unmerge(session, sourceProfileId, actor, now(), notices));
  }

  @Override
  public Profile setMainIdentifier(String profileId, Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return inTransaction(
        (session, notices) -> {
          StoredProfile profile =
              Profiles.resolve(session, profileId)
                  .orElseThrow(() -> new ProfileNotFoundException(profileId));
          List<StoredIdentifier> rows = session.identifiers().ofProfile(profile.id());
          if (rows.stream().noneMatch(r -> r.state().identifier().equals(identifier))) {
            throw new InvalidInputException(
                "identifier", identifier, "is not held by profile " + profile.id());
          }
          for (StoredIdentifier row : rows) {
            ProfileIdentifier state = row.state();
            if (state.type().equals(identifier.type())) {
              boolean main = state.identifier().equals(identifier);
              if (main != state.main()) {
                session.identifiers().put(new StoredIdentifier(
                    state.withMain(main),
                    row.profileId(), row.originProfileId()));
              }
            }
          }
          Profile after = Profiles.assemble(session, profile);
          notices.add(l -> l.profileUpdated(after));
          return after;
        });
  }

  @Override
  public List<MergeRecord> identityLog(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return storage.read(session -> session.identityLog().ofProfile(profileId));
  }

  @Override
  public Subscription subscribe(CdpListener listener) {
    return listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  @Override
  public Storage storage() {
    return storage;
  }

  @Override
  public void close() {
    storage.close();
  }

  private Instant now() {
    return clock.instant();
  }

  private <T> T inTransaction(Work<T> work) {
    List<Consumer<CdpListener>> notices = new ArrayList<>();
    T result = storage.write(session -> {
      // A store may run the work again after a conflict: keep only the last attempt's notices.
      notices.clear();
      return work.run(session, notices);
    });
    listeners.publishAll(notices);
    return result;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(StorageSession session, List<Consumer<CdpListener>> notices);
  }
}

package io.cdpkit.platform.memory;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.SuppressionList;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.WorkflowStatus;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.memory.InMemorySegmentStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A write session that notes each event it stores and each merge it records, so that the in-memory
 * platform storage can append their {@link StoredSignal.Kind#EVENT_STORED} and {@link
 * StoredSignal.Kind#PROFILES_MERGED} signals when the write's work returns, as the SQL stores'
 * triggers do inside the transaction; and the profiles it changes or deletes, for the membership
 * feed ({@link InMemorySegmentStore#recordChanges}), as the SQL stores record it at the end of
 * the transaction. Used by one thread, like the session it wraps.
 */
final class SignallingSession implements StorageSession {
  private final StorageSession session;
  private final Events events;
  private final List<Event> stored = new ArrayList<>();
  private final List<MergeRecord> merges = new ArrayList<>();
  private final Set<String> changed = new LinkedHashSet<>();
  private final Set<String> deleted = new HashSet<>();
  private final Profiles profiles;
  private final Identifiers identifiers;

  SignallingSession(StorageSession session) {
    this.session = session;
    this.events = new Events(session.events());
    this.profiles = new Profiles(session.profiles());
    this.identifiers = new Identifiers(session.identifiers());
  }

  /** Records the profiles this write changed and deleted in the membership feed, and forgets them. */
  void recordChanges(InMemorySegmentStore segments) {
    if (!changed.isEmpty() || !deleted.isEmpty()) {
      segments.recordChanges(changed, deleted);
    }
    changed.clear();
    deleted.clear();
  }

  private void changed(String profileId) {
    changed.add(profileId);
    deleted.remove(profileId);
  }

  /**
   * Appends a signal for each event stored so far, while some workflow is enabled (with none there
   * is nothing to trigger or wake), and for each merge while some workflow exists (enrollments of
   * a disabled one move too), and forgets them.
   */
  void signal(EnrollmentStore enrollments) {
    if (!stored.isEmpty() && enrollments.statuses().stream().anyMatch(WorkflowStatus::enabled)) {
      for (Event event : stored) {
        enrollments.appendSignal(
            StoredSignal.Kind.EVENT_STORED,
            StoredSignal.eventStoredPayload(event.id(), event.profileId()));
      }
    }
    if (!merges.isEmpty() && !enrollments.statuses().isEmpty()) {
      for (MergeRecord merge : merges) {
        enrollments.appendSignal(
            StoredSignal.Kind.PROFILES_MERGED,
            StoredSignal.profilesMergedPayload(merge.survivorId(), merge.otherIds()));
      }
    }
    stored.clear();
    merges.clear();
  }

  @Override
  public ProfileStore profiles() {
    return profiles;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public IdentityIndex identifiers() {
    return identifiers;
  }

  @Override
  public AttributeHistory attributeHistory() {
    return session.attributeHistory();
  }

  @Override
  public IdentityLog identityLog() {
    IdentityLog log = session.identityLog();
    return new IdentityLog() {
      @Override
      public MergeRecord append(MergeRecord record) {
        MergeRecord appended = log.append(record);
        if (record.kind() == MergeRecord.Kind.AUTOMATIC_MERGE
            || record.kind() == MergeRecord.Kind.MANUAL_MERGE) {
          merges.add(record);
          changed(record.survivorId());
          record.otherIds().forEach(SignallingSession.this::changed);
        }
        return appended;
      }

      @Override
      public List<MergeRecord> ofProfile(String profileId) {
        return log.ofProfile(profileId);
      }

      @Override
      public int deleteOfProfile(String profileId) {
        return log.deleteOfProfile(profileId);
      }
    };
  }

  @Override
  public ConsentHistory consentHistory() {
    return session.consentHistory();
  }

  @Override
  public AuditLog auditLog() {
    return session.auditLog();
  }

  @Override
  public SuppressionList suppressionList() {
    return session.suppressionList();
  }

  /** The session's events, noting each one inserted. */
  private final class Events implements EventStore {
    private final EventStore events;

    Events(EventStore events) {
      this.events = events;
    }

    @Override
    public boolean insert(Event event, String originProfileId) {
      boolean inserted = events.insert(event, originProfileId);
      if (inserted) {
        stored.add(event);
        changed(event.profileId());
      }
      return inserted;
    }

    @Override
    public Optional<Event> find(String eventId) {
      return events.find(eventId);
    }

    @Override
    public Page<Event> timeline(String profileId, TimelineQuery query) {
      return events.timeline(profileId, query);
    }

    @Override
    public Stream<Event> ofProfile(String profileId) {
      return events.ofProfile(profileId);
    }

    @Override
    public long countOfProfile(String profileId) {
      return events.countOfProfile(profileId);
    }

    @Override
    public void reassignOwner(String fromProfileId, String toProfileId) {
      events.reassignOwner(fromProfileId, toProfileId);
    }

    @Override
    public void reassignOrigin(String originProfileId, String toProfileId) {
      events.reassignOrigin(originProfileId, toProfileId);
    }

    @Override
    public long clearIdentifiersOfProfile(String profileId) {
      return events.clearIdentifiersOfProfile(profileId);
    }

    @Override
    public long removePropertiesOfProfile(String profileId, Set<String> names) {
      return events.removePropertiesOfProfile(profileId, names);
    }

    @Override
    public long deleteOfProfile(String profileId) {
      return events.deleteOfProfile(profileId);
    }

    @Override
    public List<EventTypeCount> typeCounts() {
      return events.typeCounts();
    }

    @Override
    public long count() {
      return events.count();
    }
  }

  /** The session's profiles, noting each one inserted, updated or deleted. */
  private final class Profiles implements ProfileStore {
    private final ProfileStore profiles;

    Profiles(ProfileStore profiles) {
      this.profiles = profiles;
    }

    @Override
    public Optional<StoredProfile> find(String id) {
      return profiles.find(id);
    }

    @Override
    public Map<String, StoredProfile> findAll(Collection<String> ids) {
      return profiles.findAll(ids);
    }

    @Override
    public Set<String> existing(Collection<String> ids) {
      return profiles.existing(ids);
    }

    @Override
    public void insert(StoredProfile profile) {
      profiles.insert(profile);
      changed(profile.id());
    }

    @Override
    public void update(StoredProfile profile) {
      profiles.update(profile);
      changed(profile.id());
    }

    @Override
    public void delete(String id) {
      profiles.delete(id);
      changed.remove(id);
      deleted.add(id);
    }

    @Override
    public void addAlias(String alias, String target) {
      profiles.addAlias(alias, target);
    }

    @Override
    public void removeAlias(String alias) {
      profiles.removeAlias(alias);
    }

    @Override
    public Optional<String> resolveAlias(String alias) {
      return profiles.resolveAlias(alias);
    }

    @Override
    public long count() {
      return profiles.count();
    }

    @Override
    public Page<StoredProfile> list(ProfileQuery query) {
      return profiles.list(query);
    }

    @Override
    public List<StoredProfile> search(String prefix, int limit) {
      return profiles.search(prefix, limit);
    }

    @Override
    public Stream<StoredProfile> stream() {
      return profiles.stream();
    }
  }

  /** The session's identifiers, noting the owner of each one put. */
  private final class Identifiers implements IdentityIndex {
    private final IdentityIndex identifiers;

    Identifiers(IdentityIndex identifiers) {
      this.identifiers = identifiers;
    }

    @Override
    public Optional<StoredIdentifier> find(Identifier identifier) {
      return identifiers.find(identifier);
    }

    @Override
    public Map<Identifier, StoredIdentifier> findAll(Collection<Identifier> keys) {
      return identifiers.findAll(keys);
    }

    @Override
    public List<StoredIdentifier> ofProfile(String profileId) {
      return identifiers.ofProfile(profileId);
    }

    @Override
    public Map<String, List<StoredIdentifier>> ofProfiles(Collection<String> profileIds) {
      return identifiers.ofProfiles(profileIds);
    }

    @Override
    public void put(StoredIdentifier row) {
      identifiers.put(row);
      changed(row.profileId());
    }

    @Override
    public void remove(Identifier identifier) {
      identifiers.find(identifier).ifPresent(row -> changed(row.profileId()));
      identifiers.remove(identifier);
    }

    @Override
    public void reassignOwner(String fromProfileId, String toProfileId) {
      identifiers.reassignOwner(fromProfileId, toProfileId);
    }

    @Override
    public void reassignOrigin(String originProfileId, String toProfileId) {
      identifiers.reassignOrigin(originProfileId, toProfileId);
    }

    @Override
    public int deleteOfProfile(String profileId) {
      return identifiers.deleteOfProfile(profileId);
    }
  }
}

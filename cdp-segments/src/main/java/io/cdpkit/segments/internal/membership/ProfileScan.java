package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.spi.SegmentStore;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Reads profiles, their events and segment members from storage in batches. */
final class ProfileScan {
  static final int BATCH = 1_000;

  /** What a scan does with each profile. */
  @FunctionalInterface
  interface ProfileAction {
    void accept(Profile profile, List<Event> events);
  }

  private final Cdp cdp;
  private final SegmentStore store;

  ProfileScan(Cdp cdp, SegmentStore store) {
    this.cdp = cdp;
    this.store = store;
  }

  /** Calls the action for every profile with its events, by id, a batch at a time. */
  void forEachProfile(ProfileAction action) {
    String after = null;
    while (true) {
      String from = after;
      List<Profile> batch =
          cdp.storage().read(session -> {
            try (Stream<StoredProfile> stream = session.profiles().stream()) {
              return stream.filter(p -> from == null || p.id().compareTo(from) > 0).limit(BATCH)
                  .map(p -> io.cdpkit.core.internal.Profiles.assemble(session, p)).toList();
            }
          });
      for (Profile profile : batch) {
        action.accept(profile, events(profile.id()));
      }
      if (batch.size() < BATCH) {
        return;
      }
      after = batch.get(batch.size() - 1).id();
    }
  }

  /** The profile's events, oldest first. */
  List<Event> events(String profileId) {
    return cdp.storage().read(session -> {
      try (Stream<Event> stream = session.events().ofProfile(profileId)) {
        return stream.toList();
      }
    });
  }

  /**
   * The segment's maintained members by id, read lazily a batch at a time as the collection is
   * iterated; its size is the store's member count.
   */
  Collection<String> members(String segment) {
    return new AbstractCollection<>() {
      @Override
      public Iterator<String> iterator() {
        return new MemberIterator(segment);
      }

      @Override
      public int size() {
        return (int) store.countMembers(segment);
      }
    };
  }

  private final class MemberIterator implements Iterator<String> {
    private final String segment;
    private List<String> batch;
    private int next;

    MemberIterator(String segment) {
      this.segment = segment;
      this.batch = store.members(segment, null, BATCH);
    }

    @Override
    public boolean hasNext() {
      if (next < batch.size()) {
        return true;
      }
      if (batch.size() < BATCH) {
        return false;
      }
      @Nullable String after = batch.get(batch.size() - 1);
      batch = store.members(segment, after, BATCH);
      next = 0;
      return !batch.isEmpty();
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.get(next++);
    }
  }
}

package io.cdpkit.storage.jdbc.core;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The profiles one write transaction changed (rows, events, identifiers, merges) and deleted, noted
 * by the session's ports so that the store records them in the membership feed once per profile at
 * the end of the write. A profile deleted and then named by a merge counts as changed: its pending
 * change tells membership that the id was merged away. Single-threaded, like its transaction.
 */
public final class ChangedProfiles {
  private final Set<String> changed = new LinkedHashSet<>();
  private final Set<String> deleted = new LinkedHashSet<>();

  void changed(String profileId) {
    changed.add(profileId);
    deleted.remove(profileId);
  }

  void deleted(String profileId) {
    changed.remove(profileId);
    deleted.add(profileId);
  }

  /** The profiles changed, in the order first changed. */
  public Set<String> changed() {
    return Collections.unmodifiableSet(changed);
  }

  /** The profiles deleted and not named since. */
  public Set<String> deleted() {
    return Collections.unmodifiableSet(deleted);
  }

  public boolean isEmpty() {
    return changed.isEmpty() && deleted.isEmpty();
  }
}

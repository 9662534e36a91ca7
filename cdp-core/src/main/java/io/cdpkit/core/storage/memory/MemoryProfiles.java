package io.cdpkit.core.storage.memory;

import io.cdpkit.core.Page;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.spi.ProfileOrdering;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

final class MemoryProfiles implements ProfileStore {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryProfiles(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public Optional<StoredProfile> find(String id) {
    return Optional.ofNullable(data.profiles.get(id));
  }

  @Override
  public void insert(StoredProfile profile) {
    tx.checkWritable();
    if (data.profiles.containsKey(profile.id())) {
      throw new IllegalStateException("profile " + profile.id() + " exists already");
    }
    data.profiles.put(profile.id(), profile);
    tx.onUndo(() -> data.profiles.remove(profile.id()));
  }

  @Override
  public void update(StoredProfile profile) {
    tx.checkWritable();
    StoredProfile old = data.profiles.get(profile.id());
    if (old == null) {
      throw new IllegalStateException("profile " + profile.id() + " does not exist");
    }
    data.profiles.put(profile.id(), profile);
    tx.onUndo(() -> data.profiles.put(old.id(), old));
  }

  @Override
  public void delete(String id) {
    tx.checkWritable();
    StoredProfile old = data.profiles.remove(id);
    if (old != null) {
      tx.onUndo(() -> data.profiles.put(id, old));
    }
    for (String alias : aliasesOf(id)) {
      data.aliases.remove(alias);
      tx.onUndo(() -> data.aliases.put(alias, id));
    }
  }

  @Override
  public void addAlias(String alias, String target) {
    tx.checkWritable();
    for (String chained : aliasesOf(alias)) {
      data.aliases.put(chained, target);
      tx.onUndo(() -> data.aliases.put(chained, alias));
    }
    String previous = data.aliases.put(alias, target);
    tx.onUndo(
        () -> {
          if (previous == null) {
            data.aliases.remove(alias);
          } else {
            data.aliases.put(alias, previous);
          }
        });
  }

  @Override
  public void removeAlias(String alias) {
    tx.checkWritable();
    String previous = data.aliases.remove(alias);
    if (previous != null) {
      tx.onUndo(() -> data.aliases.put(alias, previous));
    }
  }

  private List<String> aliasesOf(String target) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> entry : data.aliases.entrySet()) {
      if (entry.getValue().equals(target)) {
        found.add(entry.getKey());
      }
    }
    return found;
  }

  @Override
  public Optional<String> resolveAlias(String alias) {
    return Optional.ofNullable(data.aliases.get(alias));
  }

  @Override
  public long count() {
    return data.profiles.size();
  }

  @Override
  public Page<StoredProfile> list(ProfileQuery query) {
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor(), query);
    List<StoredProfile> sorted = new ArrayList<>(data.profiles.values());
    sorted.sort(ProfileOrdering.of(query));
    int from = (int) Math.min(offset, sorted.size());
    int to = Math.min(from + query.limit(), sorted.size());
    String next = to < sorted.size() ? Cursors.offset(to, query) : null;
    return new Page<>(sorted.subList(from, to), next);
  }

  @Override
  public List<StoredProfile> search(String prefix, int limit) {
    TreeMap<String, StoredProfile> found = new TreeMap<>(CodePoints::compare);
    for (StoredProfile profile : data.profiles.values()) {
      if (startsWith(profile.id(), prefix) || textAttributeStartsWith(profile, prefix)) {
        found.put(profile.id(), profile);
      }
    }
    for (StoredIdentifier row : data.identifiers.values()) {
      if (startsWith(row.state().value(), prefix)) {
        found.put(row.profileId(), data.profiles.get(row.profileId()));
      }
    }
    return found.values().stream().filter(Objects::nonNull).limit(limit).toList();
  }

  private static boolean textAttributeStartsWith(StoredProfile profile, String prefix) {
    for (AttributeValue value : profile.attributes().fields().values()) {
      if (value instanceof TextValue text && startsWith(text.value(), prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  @Override
  public Stream<StoredProfile> stream() {
    return new ArrayList<>(data.profiles.values()).stream();
  }
}

package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.StoredConsentChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

final class MemoryConsentHistory implements ConsentHistory {
  static final Comparator<StoredConsentChange> NEWEST_FIRST =
      Comparator.comparing((StoredConsentChange c) -> c.change().at())
          .thenComparingLong(StoredConsentChange::sequence)
          .reversed();

  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryConsentHistory(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public StoredConsentChange append(StoredConsentChange change) {
    tx.checkWritable();
    StoredConsentChange stored =
        new StoredConsentChange(change.change(), change.ownerProfileId(), change.originProfileId(), ++data.consentSequence);
    data.consents.add(stored);
    tx.onUndo(() -> {
      data.consents.remove(data.consents.size() - 1);
      data.consentSequence--;
    });
    return stored;
  }

  @Override
  public List<StoredConsentChange> ofOwner(String profileId) {
    List<StoredConsentChange> owned = new ArrayList<>();
    for (StoredConsentChange change : data.consents) {
      if (change.ownerProfileId().equals(profileId)) {
        owned.add(change);
      }
    }
    owned.sort(NEWEST_FIRST);
    return owned;
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    replaceWhere(c -> c.ownerProfileId().equals(fromProfileId), toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    replaceWhere(c -> c.originProfileId().equals(originProfileId), toProfileId);
  }

  private void replaceWhere(java.util.function.Predicate<StoredConsentChange> match, String owner) {
    tx.checkWritable();
    for (int i = 0; i < data.consents.size(); i++) {
      StoredConsentChange old = data.consents.get(i);
      if (match.test(old) && !old.ownerProfileId().equals(owner)) {
        int index = i;
        data.consents.set(i, new StoredConsentChange(old.change(), owner, old.originProfileId(), old.sequence()));
        tx.onUndo(() -> data.consents.set(index, old));
      }
    }
  }

  @Override
  public void delete(long sequence) {
    deleteWhere(c -> c.sequence() == sequence);
  }

  @Override
  public int deleteOfOwner(String profileId) {
    return deleteWhere(c -> c.ownerProfileId().equals(profileId));
  }

  private int deleteWhere(java.util.function.Predicate<StoredConsentChange> match) {
    tx.checkWritable();
    List<StoredConsentChange> before = new ArrayList<>(data.consents);
    data.consents.removeIf(match);
    int removed = before.size() - data.consents.size();
    if (removed > 0) {
      tx.onUndo(() -> {
        data.consents.clear();
        data.consents.addAll(before);
      });
    }
    return removed;
  }
}

package io.cdpkit.core.spi;

import java.util.List;

/** Every consent decision per profile, kept as history. */
public interface ConsentHistory {

  /** Appends a decision; the store assigns its sequence and returns the stored row. */
  StoredConsentChange append(StoredConsentChange change);

  /** The profile's decisions, newest first: by {@code at} descending, then sequence descending. */
  List<StoredConsentChange> ofOwner(String profileId);

  void reassignOwner(String fromProfileId, String toProfileId);

  void reassignOrigin(String originProfileId, String toProfileId);

  /** Deletes the decision with this sequence (one a merge recorded, when it is undone). */
  void delete(long sequence);

  /** Deletes every decision the profile owns; returns how many. */
  int deleteOfOwner(String profileId);
}

package io.cdpkit.core.spi;

import java.util.List;

/** The per-source history of attribute changes behind survivorship and unmerge. */
public interface AttributeHistory {

  /** Appends an update; the store assigns its sequence and returns the stored row. */
  AttributeUpdate append(AttributeUpdate update);

  /** The profile's updates in replay order: by {@code at}, then origin id, then sequence. */
  List<AttributeUpdate> ofOwner(String profileId);

  void reassignOwner(String fromProfileId, String toProfileId);

  void reassignOrigin(String originProfileId, String toProfileId);

  /** Deletes every update the profile owns; returns how many. */
  int deleteOfOwner(String profileId);
}

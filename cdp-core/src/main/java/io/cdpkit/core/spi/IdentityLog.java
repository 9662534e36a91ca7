package io.cdpkit.core.spi;

import io.cdpkit.core.identity.MergeRecord;
import java.util.List;

/** The append-only log of identity decisions: merges, unmerges, refusals and rejections. */
public interface IdentityLog {

  /** Appends a record; the store assigns its sequence and returns the stored record. */
  MergeRecord append(MergeRecord record);

  /**
   * The records naming the profile as survivor or among the others, oldest first (by sequence).
   */
  List<MergeRecord> ofProfile(String profileId);

  /** Forgets the records naming the profile (erasure); returns how many. */
  int deleteOfProfile(String profileId);
}

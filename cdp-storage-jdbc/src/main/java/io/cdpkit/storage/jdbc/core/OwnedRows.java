package io.cdpkit.storage.jdbc.core;

import io.cdpkit.storage.jdbc.Sql;

/**
 * The rows of a table that belong to a profile (its owner column) and remember the profile they
 * were first recorded for (its origin column): what a merge moves to the survivor, an unmerge
 * gives back, and an erasure deletes. One place for the three statements the events, attribute
 * history and consent history tables share.
 *
 * @param table the table
 * @param owner the column naming the profile a row belongs to now
 * @param origin the column naming the profile a row was first recorded for
 * @param what how messages name the rows, such as "events"
 */
record OwnedRows(String table, String owner, String origin, String what) {

  /** Moves every row of {@code fromProfileId} to {@code toProfileId}. */
  void reassignOwner(Sql session, String fromProfileId, String toProfileId) {
    session.update(
        "move the " + what + " of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE " + table + " SET " + owner + " = ? WHERE " + owner + " = ? AND " + owner + " <> ?",
        toProfileId,
        fromProfileId,
        toProfileId);
  }

  /** Moves every row first recorded for {@code originProfileId} to {@code toProfileId}. */
  void reassignOrigin(Sql session, String originProfileId, String toProfileId) {
    session.update(
        "move the " + what + " first recorded for " + originProfileId + " to " + toProfileId,
        "UPDATE " + table + " SET " + owner + " = ? WHERE " + origin + " = ? AND " + owner
            + " <> ?",
        toProfileId,
        originProfileId,
        toProfileId);
  }

  /** Deletes every row of the profile; returns how many. */
  int deleteOfOwner(Sql session, String profileId) {
    return session.update(
        "delete the " + what + " of profile " + profileId,
        "DELETE FROM " + table + " WHERE " + owner + " = ?",
        profileId);
  }
}

package io.cdpkit.storage.jdbc.core;

import io.cdpkit.storage.jdbc.Sql;

/**
 * A port over a table whose rows belong to a profile (its owner column) and remember the profile
 * they were first recorded for (its origin column): what a merge moves to the survivor, an unmerge
 * gives back, and an erasure deletes. The events, attribute history and consent history ports
 * extend it for those three statements, which implement their ports' methods of the same names.
 */
abstract class OwnedRows {
  final Sql session;
  private final String table;
  private final String owner;
  private final String origin;
  private final String what;
  private final boolean movedOriginIndex;

  /**
   * @param table the table
   * @param owner the column naming the profile a row belongs to now
   * @param origin the column naming the profile a row was first recorded for
   * @param what how messages name the rows, such as "events"
   * @param movedOriginIndex whether the table's index on the origin column holds only the rows
   *     whose origin differs from their owner (the rows a merge moved), as {@code
   *     events_by_origin} does
   */
  OwnedRows(Sql session, String table, String owner, String origin, String what,
      boolean movedOriginIndex) {
    this.session = session;
    this.table = table;
    this.owner = owner;
    this.origin = origin;
    this.what = what;
    this.movedOriginIndex = movedOriginIndex;
  }

  /** Moves every row of {@code fromProfileId} to {@code toProfileId}. */
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.update(
        "move the " + what + " of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE " + table + " SET " + owner + " = ? WHERE " + owner + " = ? AND " + owner + " <> ?",
        toProfileId,
        fromProfileId,
        toProfileId);
  }

  /** Moves every row first recorded for {@code originProfileId} to {@code toProfileId}. */
  public void reassignOrigin(String originProfileId, String toProfileId) {
    String doing =
        "move the " + what + " first recorded for " + originProfileId + " to " + toProfileId;
    String moved = "UPDATE " + table + " SET " + owner + " = ? WHERE " + origin + " = ? AND "
        + owner + " <> ?";
    if (!movedOriginIndex) {
      session.update(doing, moved, toProfileId, originProfileId, toProfileId);
      return;
    }
    // The index's own condition, spelled as in its definition, so that the database may use it.
    session.update(doing, moved + " AND " + origin + " <> " + owner,
        toProfileId, originProfileId, toProfileId);
    // The rows the index leaves out, still with their origin as owner, are found by owner.
    if (!originProfileId.equals(toProfileId)) {
      session.update(doing, "UPDATE " + table + " SET " + owner + " = ? WHERE " + owner + " = ? AND "
          + origin + " = " + owner, toProfileId, originProfileId);
    }
  }

  /** Deletes every row of the profile; returns how many. */
  public int deleteOfOwner(String profileId) {
    return session.update(
        "delete the " + what + " of profile " + profileId,
        "DELETE FROM " + table + " WHERE " + owner + " = ?",
        profileId);
  }
}

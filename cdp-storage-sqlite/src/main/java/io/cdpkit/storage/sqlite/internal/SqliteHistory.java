package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Attribute history over the {@code attribute_history} table. The sequence is an AUTOINCREMENT
 * rowid, so it only ever grows, even after the newest rows are deleted.
 */
final class SqliteHistory implements AttributeHistory {
  private final SqliteSession session;

  SqliteHistory(SqliteSession session) {
    this.session = session;
  }

  @Override
  public AttributeUpdate append(AttributeUpdate update) {
    session.checkWritable();
    long at = Instants.toNanos("at", update.at());
    long sequence =
        session.sql(
            "append attribute history of profile " + update.ownerProfileId(),
            c -> {
              PreparedStatement append =
                  c.prepare(
                      "INSERT INTO attribute_history (owner, origin, at, source, changes)"
                          + " VALUES (?, ?, ?, ?, ?) RETURNING seq");
              append.setString(1, update.ownerProfileId());
              append.setString(2, update.originProfileId());
              append.setLong(3, at);
              append.setString(4, update.source());
              append.setString(5, JsonColumns.changes(update.changes()));
              try (SqlConnection.Rows rows = c.query(append)) {
                rows.next();
                return rows.results().getLong(1);
              }
            });
    return new AttributeUpdate(
        update.ownerProfileId(),
        update.originProfileId(),
        update.at(),
        sequence,
        update.source(),
        update.changes());
  }

  @Override
  public List<AttributeUpdate> ofOwner(String profileId) {
    return session.sql(
        "read attribute history of profile " + profileId,
        c -> {
          PreparedStatement of =
              c.prepare(
                  "SELECT owner, origin, at, seq, source, changes FROM attribute_history"
                      + " WHERE owner = ? ORDER BY at, origin, seq");
          of.setString(1, profileId);
          List<AttributeUpdate> updates = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(of)) {
            while (rows.next()) {
              long seq = rows.results().getLong(4);
              updates.add(
                  new AttributeUpdate(
                      rows.results().getString(1),
                      rows.results().getString(2),
                      Instants.ofNanos(rows.results().getLong(3)),
                      seq,
                      rows.results().getString(5),
                      JsonColumns.changes(
                          "attribute_history.changes of seq " + seq, rows.results().getString(6))));
            }
          }
          return updates;
        });
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.update(
        "move attribute history of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE attribute_history SET owner = ?2 WHERE owner = ?1 AND ?1 <> ?2",
        fromProfileId, toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    session.update(
        "move attribute history made to " + originProfileId + " to " + toProfileId,
        "UPDATE attribute_history SET owner = ?2 WHERE origin = ?1 AND owner <> ?2",
        originProfileId, toProfileId);
  }

  @Override
  public int deleteOfOwner(String profileId) {
    return session.update(
        "delete attribute history of profile " + profileId,
        "DELETE FROM attribute_history WHERE owner = ?",
        profileId);
  }
}

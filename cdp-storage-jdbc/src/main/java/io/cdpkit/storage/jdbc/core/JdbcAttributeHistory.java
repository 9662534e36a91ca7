package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.util.List;

/**
 * Attribute history over the {@code attribute_history} table. The sequence only grows, even after
 * the newest rows are deleted (an AUTOINCREMENT rowid on SQLite, an identity on PostgreSQL).
 */
public final class JdbcAttributeHistory extends OwnedRows implements AttributeHistory {
  public JdbcAttributeHistory(Sql session) {
    super(session, "attribute_history", "owner", "origin", "attribute history", false);
  }

  @Override
  public AttributeUpdate append(AttributeUpdate update) {
    session.checkWritable();
    long sequence =
        session.number(
            "append attribute history of profile " + update.ownerProfileId(),
            "INSERT INTO attribute_history (owner, origin, at, source, changes)"
                + " VALUES (?, ?, ?, ?, " + session.dialect().json() + ") RETURNING seq",
            update.ownerProfileId(),
            update.originProfileId(),
            Instants.toNanos("at", update.at()),
            update.source(),
            JsonColumns.changes(update.changes()));
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
    return session.list(
        "read attribute history of profile " + profileId,
        "SELECT owner, origin, at, seq, source, changes FROM attribute_history"
            + " WHERE owner = ? ORDER BY at, origin, seq",
        row -> {
          long seq = row.getLong(4);
          return new AttributeUpdate(
              row.getString(1),
              row.getString(2),
              Instants.ofNanos(row.getLong(3)),
              seq,
              row.getString(5),
              JsonColumns.changes("attribute_history.changes of seq " + seq, row.getString(6)));
        },
        profileId);
  }
}

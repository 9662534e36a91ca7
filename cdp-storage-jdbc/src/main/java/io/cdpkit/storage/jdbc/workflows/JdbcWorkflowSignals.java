package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.RowClaims.Claimable;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.StoredSignal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The signals heard on the ingest path, claimed for one engine at a time, and their completion.
 * Thread-safe.
 */
final class JdbcWorkflowSignals {
  private static final Claimable PENDING =
      new Claimable("workflow_signals", null, "id, kind, payload", null, "id");

  private final JdbcDatabase database;
  private final RowClaims claims;

  JdbcWorkflowSignals(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.claims = claims;
  }

  long append(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return database.writeSql(s -> s.number("append a workflow signal",
        "INSERT INTO workflow_signals (kind, payload)"
            + " VALUES (?, " + s.dialect().typed("json") + ") RETURNING id",
        kind.name(), payload));
  }

  void append(StoredSignal.Kind kind, List<String> payloads) {
    Objects.requireNonNull(kind, "kind");
    List<@Nullable Object[]> rows = new ArrayList<>(payloads.size());
    for (String payload : payloads) {
      rows.add(new Object[] {kind.name(), Objects.requireNonNull(payload, "payload")});
    }
    if (!rows.isEmpty()) {
      database.writeSql(s -> s.batch("append " + rows.size() + " workflow signals",
          "INSERT INTO workflow_signals (kind, payload) VALUES (?, " + s.dialect().typed("json")
              + ")",
          rows));
    }
  }

  /** Claims what it returns; see the claims note on the store. */
  List<StoredSignal> pending(int limit) {
    return claims.claim(database, "claim pending workflow signals", PENDING, Sql.positive(limit),
        row -> new StoredSignal(
            row.getLong(1), StoredSignal.Kind.valueOf(row.getString(2)), row.getString(3)));
  }

  int complete(long signalId, Collection<NewEnrollment> created) {
    List<EnrollmentRows.Row> rows = created.stream().map(EnrollmentRows.Row::of).toList();
    String doing = "complete workflow signal " + signalId;
    return database.writeSql(s ->
        // Gone: another instance completed it (see the claims note), so its enrollments exist.
        s.update(doing, "DELETE FROM workflow_signals WHERE id = ?", signalId) > 0
            ? EnrollmentRows.insert(s, rows, doing) : 0);
  }
}

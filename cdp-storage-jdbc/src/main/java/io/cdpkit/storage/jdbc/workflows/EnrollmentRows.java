package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * An enrollment is one row whose history is a JSON array (JsonColumns.history), rewritten whole
 * because the engine always stores a whole new copy. Two guards make the engines of several
 * instances on one database safe (SQLite's single writer and PostgreSQL's SERIALIZABLE writes make
 * each statement's check and write one step): an insert is refused while the profile has a live
 * enrollment in the workflow, and an update names the revision it was read at (revision counts the
 * updates, so a copy read before another writer's update no longer matches).
 */

/** The statements and mapping of enrollment rows. */
final class EnrollmentRows {
  static final String COLUMNS =
      "id, workflow, version, profile_id, state, step_id, due_at, entered_at, step_started_at,"
          + " attempt, trigger_event_id, converted, reason, ended_at, history, revision";
  private static final String LIVE = "state IN ('ACTIVE', 'WAITING', 'PAUSED')";

  private EnrollmentRows() {}

  /**
   * Inserts the rows in one batch, each unless its profile has a live enrollment in its workflow
   * or one its re-entry rule refuses (see NewEnrollment); returns how many were inserted, and
   * fails, naming the first, if an id exists.
   */
  static int insert(Sql s, List<Row> rows, String doing) {
    if (rows.isEmpty()) {
      return 0;
    }
    String json = s.dialect().typed("json");
    String nullableLong = s.dialect().typed("bigint");
    int[] counts = s.batchCounts(doing,
        "INSERT INTO enrollments (workflow, version, profile_id, state, step_id, due_at,"
            + " entered_at, step_started_at, attempt, trigger_event_id, converted, reason,"
            + " ended_at, history, id) SELECT ?, ?, ?, ?, ?, " + nullableLong + ", ?, ?, ?, ?,"
            + " ?, ?, " + nullableLong + ", " + json + ", ? WHERE NOT EXISTS (SELECT 1"
            + " FROM enrollments WHERE workflow = ? AND profile_id = ? AND (" + LIVE
            + " OR COALESCE(ended_at, entered_at) > ?)) ON CONFLICT (id) DO NOTHING",
        rows.stream().map(row -> row.values(row.enrollment().id(), row.enrollment().workflow(),
            row.enrollment().profileId(), row.refusedAfter())).toList());
    int inserted = 0;
    for (int i = 0; i < counts.length; i++) {
      String id = rows.get(i).enrollment().id();
      if (counts[i] == 0 && exists(s, id, doing)) {
        throw new IllegalStateException("enrollment " + id + " exists");
      }
      inserted += counts[i];
    }
    return inserted;
  }

  private static boolean exists(Sql s, String id, String doing) {
    return s.first(doing, "SELECT 1 FROM enrollments WHERE id = ?", r -> true, id).isPresent();
  }

  /** Replaces the row if it is at the copy's revision; see the claims note on the store. */
  static Enrollment update(Sql s, Row row, RowClaims claims) {
    Enrollment enrollment = row.enrollment();
    // An ACTIVE enrollment is mid-advance: its holder's claim is renewed, not released. A paused
    // or ended one is nobody's: a holder still advancing it fails on the revision.
    boolean keep = enrollment.state() == EnrollmentState.ACTIVE;
    boolean running = keep || enrollment.state() == EnrollmentState.WAITING;
    List<Object> more =
        new ArrayList<>(List.of(running ? claims.onUpdateParameters(keep) : new Object[0]));
    more.add(enrollment.id());
    more.add(enrollment.revision());
    String doing = "update enrollment " + enrollment.id();
    String nullableLong = s.dialect().typed("bigint");
    int updated = s.update(doing,
        "UPDATE enrollments SET workflow = ?, version = ?, profile_id = ?, state = ?,"
            + " step_id = ?, due_at = " + nullableLong + ", entered_at = ?,"
            + " step_started_at = ?, attempt = ?, trigger_event_id = ?, converted = ?,"
            + " reason = ?, ended_at = " + nullableLong + ", history = " + s.dialect().typed("json")
            + ", revision = revision + 1" + (running ? claims.onUpdate(keep) : claims.onEnd())
            + " WHERE id = ? AND revision = ?",
        row.values(more.toArray()));
    if (updated == 0) {
      if (exists(s, enrollment.id(), doing)) {
        throw new StaleEnrollmentException(enrollment.id(), enrollment.revision());
      }
      throw new IllegalStateException("enrollment " + enrollment.id() + " is unknown");
    }
    return enrollment.withRevision(enrollment.revision() + 1);
  }

  static Enrollment enrollment(ResultSet row) throws SQLException {
    return new Enrollment(
        row.getString(1),
        row.getString(2),
        row.getInt(3),
        row.getString(4),
        EnrollmentState.valueOf(row.getString(5)),
        row.getString(6),
        nullableInstant(row, 7),
        Instants.ofNanos(row.getLong(8)),
        Instants.ofNanos(row.getLong(9)),
        row.getInt(10),
        row.getString(11),
        row.getBoolean(12),
        row.getString(13),
        nullableInstant(row, 14),
        JsonColumns.history("enrollments.history", row.getString(15)),
        row.getLong(16));
  }

  static @Nullable Instant nullableInstant(ResultSet row, int column) throws SQLException {
    long nanos = row.getLong(column);
    return row.wasNull() ? null : Instants.ofNanos(nanos);
  }

  /**
   * An enrollment's column values, converted before the transaction starts so that an instant out
   * of range fails before any SQL runs.
   */
  record Row(
      Enrollment enrollment,
      @Nullable Long dueAt,
      long enteredAt,
      long stepStartedAt,
      @Nullable Long endedAt,
      String history,
      long refusedAfter) {

    static Row of(Enrollment e) {
      return of(NewEnrollment.of(e));
    }

    /** The row of a new enrollment; with no re-entry rule, an end no enrollment reaches. */
    static Row of(NewEnrollment admitted) {
      Enrollment e = admitted.enrollment();
      Instant refusedAfter = admitted.refusedAfter();
      return new Row(
          e,
          e.dueAt() == null ? null : Instants.toNanos("dueAt", e.dueAt()),
          Instants.toNanos("enteredAt", e.enteredAt()),
          Instants.toNanos("stepStartedAt", e.stepStartedAt()),
          e.endedAt() == null ? null : Instants.toNanos("endedAt", e.endedAt()),
          JsonColumns.history(e.history()),
          refusedAfter == null ? Long.MAX_VALUE : Instants.toNanosClamped(refusedAfter));
    }

    /** Every column but the id and revision, in the order of the statements, then more. */
    @Nullable Object[] values(Object... more) {
      @Nullable Object[] values = {
        enrollment.workflow(), enrollment.version(), enrollment.profileId(),
        enrollment.state().name(), enrollment.stepId(), dueAt, enteredAt, stepStartedAt,
        enrollment.attempt(), enrollment.triggerEventId(), enrollment.converted(),
        enrollment.reason(), endedAt, history
      };
      @Nullable Object[] all = Arrays.copyOf(values, values.length + more.length);
      System.arraycopy(more, 0, all, values.length, more.length);
      return all;
    }
  }
}

package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.SqliteFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the enrollment store keeps beyond the contract: exact values, transactions, indexes. */
final class SqliteEnrollmentStoreTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  private SqliteStorage open() {
    return leaks.track(SqliteStorage.open(dir.resolve("store.db")));
  }

  @Test
  void everyField_roundTripsExactlyAcrossAReopen() {
    Instant at = Instant.parse("2026-03-01T10:00:00.123456789Z");
    Enrollment failed =
        new Enrollment(
            "enr-ü/1",
            "welcome",
            3,
            "profile-1",
            EnrollmentState.FAILED,
            "send-2",
            null,
            at,
            at.plusNanos(1),
            4,
            "event-9",
            true,
            "HTTP 400: \"bad\"\nrequest",
            at.plusSeconds(5),
            List.of(
                new HistoryEntry(at, "entered version 3"), new HistoryEntry(at, "日本 ✓ 😀")),
            0);
    SendRecord skipped =
        SendRecord.skip(
            IdempotencyKey.of("enr-ü/1", "send 2", 7), "welcome", "profile-1", "sms",
            "quiet hours", at);
    StoredWorkflow definition = new StoredWorkflow("welcome", 3, "{\"name\":\"welcome\"}", at);
    WorkflowStatus disabled = new WorkflowStatus("welcome", 3, false, null);
    SqliteStorage storage = open();
    EnrollmentStore store = storage.enrollmentStore();
    store.insert(failed);
    store.recordSend(skipped);
    store.saveWorkflow(definition);
    store.putStatus(disabled);
    storage.close();

    EnrollmentStore reopened = open().enrollmentStore();
    assertThat(reopened.find("enr-ü/1")).contains(failed);
    assertThat(reopened.findSend(skipped.key())).contains(skipped);
    assertThat(reopened.findWorkflow("welcome", 3)).contains(definition);
    assertThat(reopened.findStatus("welcome")).contains(disabled);
    assertThat(reopened.due(at.plus(Duration.ofDays(1)), 10)).isEmpty();
  }

  @Test
  void callsInsideAStorageWrite_commitAndRollBackWithIt() {
    SqliteStorage storage = open();
    EnrollmentStore store = storage.enrollmentStore();
    assertThatThrownBy(
            () ->
                storage.write(
                    s -> {
                      store.insert(Enrollment.start("e1", "w", 1, "p1", "s1", null, T0));
                      assertThat(store.find("e1")).as("seen inside the write").isPresent();
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(store.find("e1")).isEmpty();
    storage.write(
        s -> {
          store.insert(Enrollment.start("e2", "w", 1, "p1", "s1", null, T0));
          return null;
        });
    assertThat(store.find("e2")).isPresent();
  }

  @Test
  void refusedWrite_changesNothing() {
    EnrollmentStore store = open().enrollmentStore();
    Enrollment e = Enrollment.start("e1", "w", 1, "p1", "s1", null, T0);
    store.insert(e);
    Instant outOfRange = Instant.parse("2300-01-01T00:00:00Z");
    assertThatThrownBy(() -> store.update(e.withState(EnrollmentState.WAITING, outOfRange)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dueAt");
    assertThat(store.find("e1")).contains(e);
  }

  @Test
  void due_returnsOnlyActiveAndWaiting_byDueInstantThenId() {
    SqliteStorage storage = open();
    EnrollmentStore store = storage.enrollmentStore();
    storage.write(
        s -> {
          for (int i = 0; i < 2_000; i++) {
            Instant dueAt = T0.plusSeconds(i % 100);
            Enrollment e = Enrollment.start(String.format("e%04d", i), "w", 1, "p" + i, "s", null,
                dueAt);
            EnrollmentState state =
                switch (i % 4) {
                  case 0 -> EnrollmentState.ACTIVE;
                  case 1 -> EnrollmentState.WAITING;
                  case 2 -> EnrollmentState.PAUSED;
                  default -> EnrollmentState.COMPLETED;
                };
            store.insert(e.withState(state, e.dueAt()));
          }
          return null;
        });
    List<Enrollment> due = store.due(T0.plusSeconds(1), 1_000);
    assertThat(due)
        .hasSize(40)
        .allMatch(e -> e.state() == EnrollmentState.ACTIVE || e.state() == EnrollmentState.WAITING)
        .isSortedAccordingTo(Comparator.comparing(Enrollment::dueAt).thenComparing(Enrollment::id));
    assertThat(store.due(T0.plusSeconds(99), 7))
        .extracting(Enrollment::id)
        .containsExactly("e0000", "e0100", "e0200", "e0300", "e0400", "e0500", "e0600");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "enrollments_due|SELECT id FROM enrollments WHERE state IN ('ACTIVE', 'WAITING')"
            + " AND due_at IS NOT NULL AND due_at <= 5 ORDER BY due_at, id LIMIT 10",
        "enrollments_by_profile|SELECT id FROM enrollments WHERE profile_id = 'p'"
            + " ORDER BY entered_at, id",
        "enrollments_by_workflow|SELECT id FROM enrollments WHERE workflow = 'w'"
            + " ORDER BY entered_at, id",
        "enrollments_by_workflow_state|SELECT state, count(*) FROM enrollments"
            + " WHERE workflow = 'w' GROUP BY state",
        "enrollments_by_workflow_state|SELECT count(*) FROM enrollments"
            + " WHERE workflow = 'w' AND converted = 1",
        "workflow_sends_by_enrollment|SELECT detail FROM workflow_sends"
            + " WHERE enrollment_id = 'e' ORDER BY intent_at, send_key",
        "workflow_sends_delivered|SELECT count(*) FROM workflow_sends WHERE status = 'DELIVERED'"
            + " AND profile_id = 'p' AND channel = 'email' AND intent_at >= 5"
      })
  void queries_useTheirIndex_withoutSorting(String index, String query) throws SQLException {
    open().close();
    String plan = plan(dir.resolve("store.db"), query);
    assertThat(plan).contains(index).doesNotContain("TEMP B-TREE");
  }

  private static String plan(Path file, String query) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + query)) {
      StringBuilder plan = new StringBuilder();
      while (rows.next()) {
        plan.append(rows.getString("detail")).append('\n');
      }
      return plan.toString();
    }
  }
}

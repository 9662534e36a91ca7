package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Workflow definitions (one row per version, never changed: the version number is the
 * definition's revision, so two engines saving one version at once store one and refuse the
 * other) and each workflow's status. Thread-safe.
 */
final class JdbcWorkflowDefinitions {
  private static final String VERSION_COLUMNS = "name, version, json, saved_at";
  private static final String STATUS_COLUMNS =
      "name, current_version, enabled, enabled_since FROM workflow_statuses";

  private final JdbcDatabase database;

  JdbcWorkflowDefinitions(JdbcDatabase database) {
    this.database = database;
  }

  void save(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    long savedAt = Instants.toNanos("savedAt", workflow.savedAt());
    String doing = "save workflow " + workflow.name() + " version " + workflow.version();
    int inserted = database.writeSql(s -> s.update(doing,
        "INSERT INTO workflow_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, "
            + s.dialect().typed("json") + ", ?) ON CONFLICT DO NOTHING",
        workflow.name(), workflow.version(), workflow.json(), savedAt));
    if (inserted == 0) {
      throw new IllegalStateException(
          "workflow " + workflow.name() + " version " + workflow.version() + " exists");
    }
  }

  Optional<StoredWorkflow> find(String name, int version) {
    return database.readSql(s -> s.first("read workflow " + name + " version " + version,
        "SELECT " + VERSION_COLUMNS + " FROM workflow_versions WHERE name = ? AND version = ?",
        JdbcWorkflowDefinitions::storedWorkflow, name, version));
  }

  List<StoredWorkflow> versions(String name) {
    return database.readSql(s -> s.list("list versions of workflow " + name,
        "SELECT " + VERSION_COLUMNS + " FROM workflow_versions WHERE name = ? ORDER BY version",
        JdbcWorkflowDefinitions::storedWorkflow, name));
  }

  private static StoredWorkflow storedWorkflow(ResultSet row) throws SQLException {
    return new StoredWorkflow(
        row.getString(1), row.getInt(2), row.getString(3), Instants.ofNanos(row.getLong(4)));
  }

  void putStatus(WorkflowStatus status) {
    Objects.requireNonNull(status, "status");
    Long since = status.enabledSince() == null
        ? null : Instants.toNanos("enabledSince", status.enabledSince());
    database.writeSql(s -> s.update("put the status of workflow " + status.name(),
        "INSERT INTO workflow_statuses (name, current_version, enabled, enabled_since)"
            + " VALUES (?, ?, ?, " + s.dialect().typed("bigint") + ")"
            + " ON CONFLICT (name) DO UPDATE SET current_version = excluded.current_version,"
            + " enabled = excluded.enabled, enabled_since = excluded.enabled_since",
        status.name(), status.currentVersion(), status.enabled(), since));
  }

  Optional<WorkflowStatus> findStatus(String name) {
    return database.readSql(s -> s.first("read the status of workflow " + name,
        "SELECT " + STATUS_COLUMNS + " WHERE name = ?", JdbcWorkflowDefinitions::status, name));
  }

  List<WorkflowStatus> statuses() {
    return database.readSql(s -> s.list("list workflow statuses",
        "SELECT " + STATUS_COLUMNS + " ORDER BY name", JdbcWorkflowDefinitions::status));
  }

  private static WorkflowStatus status(ResultSet row) throws SQLException {
    return new WorkflowStatus(row.getString(1), row.getInt(2), row.getBoolean(3),
        EnrollmentRows.nullableInstant(row, 4));
  }

  /** Deletes the workflow's versions, status and enrollments. */
  void delete(String name) {
    Objects.requireNonNull(name, "name");
    database.writeSql(s -> {
      for (String table : List.of("workflow_versions", "workflow_statuses")) {
        s.update("delete workflow " + name, "DELETE FROM " + table + " WHERE name = ?", name);
      }
      return s.update("delete workflow " + name, "DELETE FROM enrollments WHERE workflow = ?",
          name);
    });
  }
}

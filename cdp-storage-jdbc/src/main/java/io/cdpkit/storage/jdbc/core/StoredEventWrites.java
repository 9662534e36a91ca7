package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the store writes beside the events an insert stored, in the same transaction, where no
 * trigger writes it (SQLite, migration V018): each type's count, once per type and batch, and
 * while some workflow is enabled one {@code EVENT_STORED} signal per event, the payload the
 * workflow engine reads ({@code {"event": ID, "profile": ID}}). Every write of an event goes
 * through {@link JdbcEvents}, so every process that stores an event signals it.
 */
final class StoredEventWrites {
  private static final String ADD_COUNT =
      "INSERT INTO event_type_counts (type, count) VALUES (?, ?)"
          + " ON CONFLICT (type) DO UPDATE SET count = event_type_counts.count + excluded.count";

  private StoredEventWrites() {}

  /** Counts and signals {@code stored}, events that were not in the table before. */
  static void record(Sql session, List<Event> stored) {
    if (stored.isEmpty()) {
      return;
    }
    Map<String, Long> perType = new TreeMap<>();
    for (Event event : stored) {
      perType.merge(event.type(), 1L, Long::sum);
    }
    List<@Nullable Object[]> counts = new ArrayList<>(perType.size());
    perType.forEach((type, count) -> counts.add(new Object[] {type, count}));
    session.batch("count " + stored.size() + " stored events by type", ADD_COUNT, counts);
    if (workflowEnabled(session)) {
      List<@Nullable Object[]> signals = new ArrayList<>(stored.size());
      for (Event event : stored) {
        signals.add(new Object[] {JsonColumns.eventStoredSignal(event.id(), event.profileId())});
      }
      session.batch("signal " + stored.size() + " stored events to the workflows",
          "INSERT INTO workflow_signals (kind, payload) VALUES ('EVENT_STORED', "
              + session.dialect().typed("json") + ")",
          signals);
    }
  }

  private static boolean workflowEnabled(Sql session) {
    return session.number("check whether a workflow is enabled",
        "SELECT count(*) FROM (SELECT 1 FROM workflow_statuses WHERE enabled LIMIT 1) w") > 0;
  }
}

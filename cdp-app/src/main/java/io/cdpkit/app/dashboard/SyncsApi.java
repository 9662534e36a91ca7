package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.app.syncs.SyncDefinitions;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /api/syncs}: saved segments sent to a directory of CSV files or a webhook, kept in the file
 * {@code cdp sync add} keeps, so that {@code cdp serve} and {@code cdp sync run} apply them too.
 *
 * <ul>
 *   <li>{@code GET /api/syncs}: each sync with its target, status, members sent, batches
 *       acknowledged and failure ({@code "status":"not started"} before its first run);
 *   <li>{@code POST /api/syncs} {@code {"segment","to":"file:DIR"|"webhook:URL","name",
 *       "identifiers":[...],"hash"}}: adds one (201); the name defaults to {@code file} or {@code
 *       webhook}, the identifiers to email;
 *   <li>{@code POST /api/syncs/run} {@code {"segment","destination"}}: delivers what is due now
 *       (a failed sync is resumed first) and answers the report with the sync;
 *   <li>{@code DELETE /api/syncs/SEGMENT/DESTINATION}: stops syncing.
 * </ul>
 *
 * Without a syncs file ({@link DashboardOptions#syncs}) every call answers 404.
 */
final class SyncsApi implements ApiHandler {
  private final Segments segments;
  private final Optional<Path> file;
  private final Optional<SyncStateStore> states;
  private final Labels labels;

  SyncsApi(Segments segments, DashboardOptions options, Labels labels) {
    this.segments = Objects.requireNonNull(segments, "segments");
    this.file = options.syncsFile();
    this.states = options.syncStates();
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    if (file.isEmpty() || states.isEmpty()) {
      throw new NotFoundException("this dashboard keeps no segment syncs");
    }
    List<String> path = request.path();
    try {
      if (path.isEmpty()) {
        if (request.method().equals("POST")) {
          request.sendJson(201, json(add(request.jsonBody())));
        } else {
          request.allow("GET", "POST");
          ArrayNode list = ChartJson.MAPPER.createArrayNode();
          definitions().list().forEach(definition -> list.add(json(definition)));
          request.sendJson(200, list);
        }
      } else if (request.pathIs("run")) {
        request.allow("POST");
        JsonNode body = request.jsonBody();
        request.sendJson(200, run(definition(ApiRequest.text(body, "segment"), ApiRequest.text(body, "destination"))));
      } else if (path.size() == 2) {
        request.allow("DELETE");
        definitions().without(path.get(0), path.get(1)).save();
        request.sendNoContent();
      } else {
        throw new NotFoundException("no endpoint /api/syncs/" + String.join("/", path));
      }
    } catch (SegmentNotFoundException e) {
      throw new BadParameterException("segment", e.getMessage());
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new BadParameterException("to", e.getMessage());
    }
  }

  private SyncDefinitions definitions() {
    return SyncDefinitions.load(file.get());
  }

  private SyncDefinitions.Definition definition(String segment, String destination) {
    SyncDefinitions.Definition found = definitions().find(segment, destination);
    if (found == null) {
      throw new NotFoundException("segment " + segment + " is not synced to " + destination);
    }
    return found;
  }

  private SyncDefinitions.Definition add(JsonNode body) {
    String segment = ApiRequest.text(body, "segment");
    segments.get(segment);
    String to = ApiRequest.text(body, "to").strip();
    if (to.startsWith("file:")) {
      to = "file:" + Path.of(to.substring("file:".length())).toAbsolutePath().normalize();
    } else if (!to.startsWith("webhook:")) {
      throw new BadParameterException("to", "file:DIRECTORY or webhook:URL is needed, was '" + to + "'");
    }
    String name = ApiRequest.optionalText(body, "name");
    List<String> identifiers = new ArrayList<>();
    body.path("identifiers").forEach(type -> identifiers.add(type.asText()));
    SyncDefinitions.Definition definition = new SyncDefinitions.Definition(segment,
        name == null || name.isBlank() ? to.substring(0, to.indexOf(':')) : name.strip(), to,
        identifiers.isEmpty() ? List.of("email") : identifiers, body.path("hash").asBoolean(false));
    // Builds the destination now, so a bad target or name is refused before it is kept.
    SegmentSync.builder(segments.cdp(), segments).sync(segment, definition.build());
    SyncDefinitions kept = definitions();
    if (kept.find(segment, definition.destination()) != null) {
      throw new ConflictException("segment " + segment + " already syncs to " + definition.destination()
          + "; give another name or remove that sync first");
    }
    kept.with(definition).save();
    return definition;
  }

  /** One round of this sync alone, as {@code cdp sync run} does for every sync. */
  private ObjectNode run(SyncDefinitions.Definition definition) {
    Instant now = segments.cdp().clock().instant();
    SyncReport report;
    try (SegmentSync sync = SegmentSync.builder(segments.cdp(), segments).store(states.get())
        .sync(definition.segment(), definition.build()).build()) {
      SyncState state = sync.state(definition.segment(), definition.destination());
      if (state.status() == SyncState.Status.FAILED || state.nextAttemptAt().isAfter(now)) {
        sync.resume(definition.segment(), definition.destination());
      }
      report = sync.runDue(now);
    }
    ObjectNode json = json(definition);
    json.putObject("report").put("batches", report.batches()).put("added", report.added())
        .put("removed", report.removed()).put("failures", report.failures());
    return json;
  }

  private ObjectNode json(SyncDefinitions.Definition definition) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode()
        .put("segment", definition.segment())
        .put("destination", definition.destination())
        .put("to", definition.to())
        .put("hash", definition.hash());
    ArrayNode identifiers = json.putArray("identifiers");
    definition.identifiers().forEach(identifiers::add);
    Optional<SyncState> state = states.get().findState(definition.segment(), definition.destination());
    json.put("status", state.map(s -> s.status().name().toLowerCase(Locale.ROOT)).orElse("not started"))
        .put("membersSent", states.get().countSyncedMembers(definition.segment(), definition.destination()))
        .put("batchesAcknowledged", state.map(SyncState::acknowledgedSequence).orElse(0L))
        .put("snapshotComplete", state.map(SyncState::snapshotComplete).orElse(false))
        .put("updatedAt", state.map(s -> labels.time(s.updatedAt())).orElse(null))
        .put("failure", state.map(SyncState::failure).orElse(null));
    return json;
  }
}

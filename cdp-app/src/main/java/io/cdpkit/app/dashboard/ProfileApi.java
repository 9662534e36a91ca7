package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.segments.Segments;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/profiles/ID}: one customer.
 *
 * <ul>
 *   <li>{@code GET}: name, attributes, identifiers (main: where messages go; starred: chosen as
 *       main; deliverable, last seen), consents,
 *       segments, groups, linked (merged) customers, predictions (see {@link PredictionJson}) and
 *       the latest timeline;
 *   <li>{@code GET .../timeline?type=&from=&to=}: the timeline of one event type and/or days;
 *   <li>{@code POST .../consent} {@code {"channel","status":"granted|denied"}};
 *   <li>{@code POST .../merge} {@code {"with":ID}}: merges the two (the older survives);
 *   <li>{@code POST .../unmerge} {@code {"profile":ID}}: takes a linked customer back out;
 *   <li>{@code POST .../main-identifier} {@code {"type","value"}}: the star.
 * </ul>
 *
 * Changes are recorded with the actor {@value #ACTOR}.
 */
final class ProfileApi implements ApiHandler {
  /** The actor of changes made in the dashboard, as the audit trail and identity log show it. */
  static final String ACTOR = "dashboard";
  private static final int MAX_TIMELINE = 100;

  private final Cdp cdp;
  private final Segments segments;
  private final Labels labels;
  private final PredictionJson predictions;

  ProfileApi(Segments segments, Labels labels, PredictionJson predictions) {
    this.segments = segments;
    this.cdp = segments.cdp();
    this.labels = Objects.requireNonNull(labels, "labels");
    this.predictions = Objects.requireNonNull(predictions, "predictions");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    List<String> path = request.path();
    Profile profile = cdp.findProfile(path.get(0)).orElseThrow(() -> new NotFoundException("no profile " + path.get(0)));
    try {
      if (path.size() == 1) {
        request.allow("GET");
        request.sendJson(200, json(profile));
      } else if (path.size() == 2) {
        action(request, profile, path.get(1));
      } else {
        throw new NotFoundException("no endpoint /api/profiles/" + String.join("/", path));
      }
    } catch (ProfileNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (InvalidInputException e) {
      throw new BadParameterException("body", e.getMessage());
    }
  }

  private void action(ApiRequest request, Profile profile, String action) throws IOException {
    if (action.equals("timeline")) {
      request.allow("GET");
      request.sendJson(200, timeline(profile.id(), request));
      return;
    }
    request.allow("POST");
    JsonNode body = request.jsonBody();
    Profile result = switch (action) {
      case "consent" -> cdp.recordConsent(profile.id(), new ConsentChange(null, ApiRequest.text(body, "channel"),
          Consent.MARKETING, status(ApiRequest.text(body, "status")), cdp.clock().instant(), ACTOR, null, ACTOR));
      case "merge" -> cdp.merge(List.of(profile.id(), ApiRequest.text(body, "with")), ACTOR);
      case "unmerge" -> {
        String linked = ApiRequest.text(body, "profile");
        if (!profile.mergedIds().contains(linked)) {
          throw new BadParameterException("profile", "'" + linked + "' is not linked to " + profile.id());
        }
        yield cdp.unmerge(linked, ACTOR);
      }
      case "main-identifier" -> cdp.setMainIdentifier(profile.id(),
          Identifier.of(ApiRequest.text(body, "type"), ApiRequest.text(body, "value")));
      default -> throw new NotFoundException("no endpoint for profile " + profile.id() + ": " + action);
    };
    request.sendJson(200, json(cdp.findProfile(result.id()).orElse(result)));
  }

  private static ConsentStatus status(String text) {
    try {
      return ConsentStatus.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("status", "granted or denied is needed, was '" + text + "'");
    }
  }

  private ObjectNode json(Profile profile) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.put("id", profile.id());
    json.put("name", Labels.name(profile));
    json.put("createdAt", labels.time(profile.createdAt()));
    json.put("updatedAt", labels.time(profile.updatedAt()));
    json.set("attributes", parse(profile.attributes().toJson()));
    ArrayNode identifiers = json.putArray("identifiers");
    for (ProfileIdentifier identifier : profile.identifiers()) {
      identifiers.addObject()
          .put("type", identifier.type())
          .put("value", identifier.value())
          // Main: where messages of the type go (the one starred, else the most recently seen).
          .put("main", profile.mainIdentifier(identifier.type()).filter(identifier.identifier()::equals).isPresent())
          .put("starred", identifier.main())
          .put("deliverable", identifier.deliverable())
          .put("firstSeen", labels.time(identifier.firstSeen()))
          .put("lastSeen", labels.time(identifier.lastSeen()));
    }
    ArrayNode consents = json.putArray("consents");
    for (Consent consent : profile.consents()) {
      consents.addObject()
          .put("channel", consent.channel())
          .put("purpose", consent.purpose())
          .put("status", consent.status().name().toLowerCase(Locale.ROOT))
          .put("at", labels.time(consent.at()))
          .put("source", consent.source())
          .put("expiresAt", labels.time(consent.expiresAt()));
    }
    ArrayNode segmentNames = json.putArray("segments");
    segments.segmentsOf(profile.id()).forEach(segmentNames::add);
    ArrayNode groups = json.putArray("groups");
    segments.groupsOf(profile.id()).forEach(groups::add);
    ArrayNode merged = json.putArray("mergedIds");
    profile.mergedIds().stream().sorted().forEach(merged::add);
    json.set("linked", linked(profile));
    json.set("predictions", predictions.of(profile.id()));
    json.set("timeline", events(cdp.timeline(profile.id(), TimelineQuery.latest(MAX_TIMELINE)).items()));
    return json;
  }

  /** The customers merged into this one, each with its name and identifiers as it was. */
  private ArrayNode linked(Profile profile) {
    ArrayNode linked = ChartJson.MAPPER.createArrayNode();
    if (profile.mergedIds().isEmpty()) {
      return linked;
    }
    for (MergeRecord record : cdp.identityLog(profile.id())) {
      if (record.kind() != MergeRecord.Kind.AUTOMATIC_MERGE && record.kind() != MergeRecord.Kind.MANUAL_MERGE) {
        continue;
      }
      for (ProfileSnapshot absorbed : record.absorbed()) {
        if (!profile.mergedIds().contains(absorbed.id())) {
          continue;
        }
        Profile shown = new Profile(absorbed.id(), absorbed.attributes(), List.of(), absorbed.consents(),
            absorbed.createdAt(), absorbed.updatedAt(), absorbed.mergedIds());
        ObjectNode item = linked.addObject()
            .put("id", absorbed.id())
            .put("name", Labels.name(shown))
            .put("mergedAt", labels.time(record.at()))
            .put("by", record.actor())
            .put("reason", record.reason());
        ArrayNode ids = item.putArray("identifiers");
        record.identifiers().forEach(identifier -> ids.add(identifier.type() + ": " + identifier.value()));
      }
    }
    return linked;
  }

  private ArrayNode timeline(String profileId, ApiRequest request) {
    TimelineQuery query = TimelineQuery.latest(MAX_TIMELINE);
    String type = request.parameter("type");
    if (type != null) {
      query = query.ofTypes(type);
    }
    LocalDate from = request.dateParameter("from");
    LocalDate to = request.dateParameter("to");
    if (from != null || to != null) {
      @Nullable Instant start = from == null ? null : from.atStartOfDay(labels.zone()).toInstant();
      @Nullable Instant end = to == null ? null : to.plusDays(1).atStartOfDay(labels.zone()).toInstant();
      query = query.between(start, end);
    }
    return events(cdp.timeline(profileId, query).items());
  }

  private ArrayNode events(List<Event> events) {
    ArrayNode timeline = ChartJson.MAPPER.createArrayNode();
    for (Event event : events) {
      ObjectNode item = timeline.addObject()
          .put("type", event.type())
          .put("timestamp", labels.time(event.timestamp()))
          .put("source", event.source());
      item.set("properties", parse(event.properties().toJson()));
    }
    return timeline;
  }


  private static JsonNode parse(String json) {
    try {
      return ChartJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the store returned invalid JSON", e);
    }
  }
}

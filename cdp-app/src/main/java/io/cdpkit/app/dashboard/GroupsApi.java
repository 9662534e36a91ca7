package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.SegmentInUseException;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.SegmentValidationException;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.StaticGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/groups}: static groups of customers.
 *
 * <ul>
 *   <li>{@code GET /api/groups}: every group with its member count;
 *   <li>{@code POST /api/groups} {@code {"name", "profileIds": [...]}} or {@code {"name",
 *       "filter": EXPRESSION}}: creates a group from chosen rows or from everyone the customer
 *       list's filter matches now (201, with {@code added});
 *   <li>{@code POST /api/groups/NAME/add} and {@code .../remove} with {@code profileIds} (add also
 *       takes {@code filter});
 *   <li>{@code DELETE /api/groups/NAME}, refused with 409 while a segment uses it.
 * </ul>
 */
final class GroupsApi implements ApiHandler {
  private final Segments segments;

  GroupsApi(Segments segments) {
    this.segments = Objects.requireNonNull(segments, "segments");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    List<String> path = request.path();
    try {
      if (path.isEmpty()) {
        if (request.method().equals("POST")) {
          JsonNode body = request.jsonBody();
          String name = ApiRequest.text(body, "name");
          if (find(name) != null) {
            throw new ConflictException("a group named '" + name + "' exists already; choose another name");
          }
          segments.createGroup(name);
          long added = add(name, body);
          request.sendJson(201, json(group(name)).put("added", added));
        } else {
          request.allow("GET", "POST");
          ArrayNode list = ChartJson.MAPPER.createArrayNode();
          segments.groups().forEach(group -> list.add(json(group)));
          request.sendJson(200, list);
        }
      } else if (path.size() == 1) {
        request.allow("DELETE");
        group(path.get(0));
        segments.deleteGroup(path.get(0));
        request.sendNoContent();
      } else if (path.size() == 2 && (path.get(1).equals("add") || path.get(1).equals("remove"))) {
        request.allow("POST");
        String name = group(path.get(0)).name();
        JsonNode body = request.jsonBody();
        long changed = path.get(1).equals("add") ? add(name, body) : segments.removeFromGroup(name, ids(body));
        request.sendJson(200, json(group(name)).put("changed", changed));
      } else {
        throw new NotFoundException("no endpoint /api/groups/" + String.join("/", path));
      }
    } catch (SegmentInUseException e) {
      throw new ConflictException(e.getMessage());
    } catch (SegmentNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (SegmentSyntaxException | SegmentValidationException e) {
      throw new BadParameterException("filter", e.getMessage());
    } catch (InvalidInputException e) {
      throw new BadParameterException("name", e.getMessage());
    }
  }

  private long add(String group, JsonNode body) {
    String filter = ApiRequest.optionalText(body, "filter");
    if (filter != null) {
      return segments.addMatchingToGroup(group, filter);
    }
    List<String> ids = ids(body);
    return ids.isEmpty() ? 0 : segments.addToGroup(group, ids);
  }

  private static List<String> ids(JsonNode body) {
    List<String> ids = new ArrayList<>();
    for (JsonNode id : body.path("profileIds")) {
      if (!id.isTextual()) {
        throw new BadParameterException("profileIds", "a list of profile ids is needed");
      }
      ids.add(id.asText());
    }
    return ids;
  }

  private StaticGroup group(String name) {
    StaticGroup group = find(name);
    if (group == null) {
      throw new NotFoundException("no group " + name);
    }
    return group;
  }

  private @Nullable StaticGroup find(String name) {
    return segments.groups().stream().filter(group -> group.name().equals(name)).findFirst().orElse(null);
  }

  private static ObjectNode json(StaticGroup group) {
    return ChartJson.MAPPER.createObjectNode().put("name", group.name()).put("members", group.members());
  }
}

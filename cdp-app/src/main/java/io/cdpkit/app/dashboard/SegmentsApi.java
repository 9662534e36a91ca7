package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentInUseException;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.SegmentSummary;
import io.cdpkit.segments.QueryBudgetExceededException;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.SegmentValidationException;
import io.cdpkit.segments.Segments;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/segments}: the segment builder and the saved segments.
 *
 * <ul>
 *   <li>{@code GET /api/segments}: saved segments with member counts and their blocks (null
 *       where the expression has no block form);
 *   <li>{@code GET /api/segments/check?expression=}: the expression's count, canonical text and
 *       blocks, or its syntax error with the caret message;
 *   <li>{@code POST /api/segments/compose} with {@link SegmentBlocks} JSON: the expression the
 *       blocks write, with its count;
 *   <li>{@code POST /api/segments} {@code {"name","description","expression"}}: saves (201);
 *       {@code PUT /api/segments/NAME} {@code {"expression","description"}}: updates;
 *   <li>{@code POST /api/segments/NAME/rename|duplicate} {@code {"name"}}; {@code DELETE
 *       /api/segments/NAME}, refused with 409 and the users while a segment or workflow uses it;
 *   <li>{@code GET /api/segments/NAME/members.csv}: the members with email, name and city.
 * </ul>
 */
final class SegmentsApi implements ApiHandler {
  /** The columns of a segment's CSV export besides the id. */
  static final List<String> EXPORT_COLUMNS = List.of("$identifier.email", "first_name", "last_name", "city");

  private final Segments segments;

  SegmentsApi(Segments segments) {
    this.segments = Objects.requireNonNull(segments, "segments");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    List<String> path = request.path();
    try {
      if (path.isEmpty()) {
        if (request.method().equals("POST")) {
          create(request);
        } else {
          request.allow("GET", "POST");
          request.sendJson(200, list());
        }
      } else if (request.pathIs("check") && request.method().equals("GET")) {
        request.sendJson(200, check(request.parameter("expression")));
      } else if (request.pathIs("compose") && request.method().equals("POST")) {
        request.sendJson(200, describe(SegmentBlocks.toExpression(request.jsonBody())));
      } else if (path.size() == 1) {
        one(request, path.get(0));
      } else if (path.size() == 2) {
        action(request, path.get(0), path.get(1));
      } else {
        throw new NotFoundException("no endpoint /api/segments/" + String.join("/", path));
      }
    } catch (SegmentNotFoundException e) {
      throw new NotFoundException(e.getMessage());
    } catch (SegmentInUseException e) {
      throw new ConflictException(e.getMessage());
    } catch (SegmentSyntaxException | SegmentValidationException
        | QueryBudgetExceededException e) {
      throw new BadParameterException("expression", e.getMessage());
    } catch (InvalidInputException e) {
      throw new BadParameterException("name", e.getMessage());
    }
  }

  private ArrayNode list() {
    ArrayNode list = ChartJson.MAPPER.createArrayNode();
    for (SegmentSummary summary : segments.list()) {
      SavedSegment segment = summary.segment();
      ObjectNode item = list.addObject()
          .put("name", segment.name())
          .put("expression", segment.expression())
          .put("description", segment.describedAs().orElse(null))
          .put("members", summary.members());
      item.set("blocks", SegmentBlocks.fromExpression(SegmentExpression.parse(segment.expression()).expr()));
    }
    return list;
  }

  private ObjectNode check(@Nullable String expression) {
    if (expression == null) {
      throw new BadParameterException("expression", "a segment expression is needed");
    }
    return describe(SegmentExpression.parse(expression));
  }

  /** The canonical text, the count now and the blocks (null when it has no block form). */
  private ObjectNode describe(SegmentExpression expression) {
    String text = expression.print();
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.put("expression", text);
    json.put("count", segments.countMatching(text));
    json.set("blocks", SegmentBlocks.fromExpression(expression.expr()));
    return json;
  }

  private void create(ApiRequest request) throws IOException {
    JsonNode body = request.jsonBody();
    String name = ApiRequest.text(body, "name");
    if (segments.find(name).isPresent()) {
      throw new ConflictException("a segment named '" + name + "' exists already; choose another name");
    }
    SavedSegment saved = segments.save(name, ApiRequest.text(body, "expression"), ApiRequest.optionalText(body, "description"));
    request.sendJson(201, json(saved));
  }

  private void one(ApiRequest request, String name) throws IOException {
    switch (request.method()) {
      case "GET" -> request.sendJson(200, json(segments.get(name)));
      case "PUT" -> {
        JsonNode body = request.jsonBody();
        SavedSegment current = segments.get(name);
        String expression = ApiRequest.optionalText(body, "expression");
        String description = body.has("description")
            ? ApiRequest.optionalText(body, "description") : current.describedAs().orElse(null);
        request.sendJson(200, json(segments.update(name, expression == null ? current.expression() : expression, description)));
      }
      case "DELETE" -> {
        segments.get(name);
        segments.delete(name);
        request.sendNoContent();
      }
      default -> throw new MethodNotAllowedException("GET, PUT, DELETE");
    }
  }

  private void action(ApiRequest request, String name, String action) throws IOException {
    switch (action) {
      case "rename", "duplicate" -> {
        request.allow("POST");
        segments.get(name);
        String newName = ApiRequest.text(request.jsonBody(), "name");
        if (segments.find(newName).isPresent()) {
          throw new ConflictException("a segment named '" + newName + "' exists already; choose another name");
        }
        SavedSegment result = action.equals("rename") ? segments.rename(name, newName) : segments.duplicate(name, newName);
        request.sendJson(action.equals("rename") ? 200 : 201, json(result));
      }
      case "members.csv" -> {
        request.allow("GET");
        segments.get(name);
        StringWriter out = new StringWriter();
        segments.exportMembers(name, EXPORT_COLUMNS, out);
        request.sendCsv(name + ".csv", out.toString());
      }
      default -> throw new NotFoundException("no endpoint for segment " + name + ": " + action);
    }
  }

  private ObjectNode json(SavedSegment segment) {
    return ChartJson.MAPPER.createObjectNode()
        .put("name", segment.name())
        .put("expression", segment.expression())
        .put("description", segment.describedAs().orElse(null))
        .put("members", segments.count(segment.name()));
  }
}

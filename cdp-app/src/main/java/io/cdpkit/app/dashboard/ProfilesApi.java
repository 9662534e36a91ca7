package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.segments.Segments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/profiles}: the customer list. Without a filter, a page sorted by {@code
 * sort}/{@code desc} with a {@code cursor}, or the profiles whose identifier starts with {@code
 * q}; with a {@link CustomerFilter} (channel, property, source, activity dates), the matching
 * profiles by id, {@code limit} at a time from the {@code cursor} offset, with their {@code total}
 * and the filter's expression. Each row starts with the id; {@code labels} name the columns in
 * words and {@code names} the rows' customers. {@code /api/profiles/ID/...} goes to {@link
 * ProfileApi}.
 */
final class ProfilesApi implements ApiHandler {
  /** The columns when the request names none. */
  static final List<String> DEFAULT_COLUMNS = List.of("$identifier.email", "first_name", "city", "age", "$created_at");

  private final Cdp cdp;
  private final Segments segments;
  private final Labels labels;
  private final ProfileApi profile;

  ProfilesApi(Segments segments, Labels labels, PredictionJson predictions) {
    this.segments = Objects.requireNonNull(segments, "segments");
    this.cdp = segments.cdp();
    this.labels = Objects.requireNonNull(labels, "labels");
    this.profile = new ProfileApi(segments, labels, predictions);
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    if (!request.path().isEmpty()) {
      profile.handle(request);
      return;
    }
    request.allow("GET");
    int limit = request.intParameter("limit", 25, 1, 500);
    List<String> columns = columns(request.parameter("columns"));
    Optional<String> filter = CustomerFilter.from(request).expression();
    List<Profile> rows;
    @Nullable String next;
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    if (filter.isPresent()) {
      List<String> ids = segments.matching(filter.get());
      int offset = request.intParameter("cursor", 0, 0, Integer.MAX_VALUE);
      rows = new ArrayList<>();
      for (String id : ids.subList(Math.min(offset, ids.size()), Math.min(offset + limit, ids.size()))) {
        cdp.findProfile(id).ifPresent(rows::add);
      }
      next = offset + limit < ids.size() ? Integer.toString(offset + limit) : null;
      json.put("filter", filter.get());
      json.put("total", ids.size());
    } else if (request.parameter("q") != null) {
      rows = cdp.searchProfiles(request.parameter("q"), limit);
      next = null;
    } else {
      Page<Profile> page = page(request, limit);
      rows = page.items();
      next = page.next();
    }
    ArrayNode columnJson = json.putArray("columns");
    ArrayNode labelJson = json.putArray("labels");
    for (String column : columns) {
      columnJson.add(column);
      labelJson.add(Labels.field(column));
    }
    ArrayNode rowJson = json.putArray("rows");
    ArrayNode names = json.putArray("names");
    for (Profile one : rows) {
      ArrayNode cells = rowJson.addArray();
      columns.forEach(column -> cells.add(cell(one, column)));
      names.add(Labels.name(one));
    }
    json.put("next", next);
    request.sendJson(200, json);
  }

  private Page<Profile> page(ApiRequest request, int limit) {
    String sort = Objects.requireNonNullElse(request.parameter("sort"), ProfileQuery.CREATED_AT);
    if (!sort.equals(ProfileQuery.ID) && !sort.equals(ProfileQuery.CREATED_AT)
        && !sort.matches("[\\p{L}_][\\p{L}\\p{N}_.-]*")) {
      throw new BadParameterException("sort", "$id, $created_at or an attribute name is needed, was '" + sort + "'");
    }
    boolean descending = request.booleanParameter("desc");
    ProfileQuery query;
    try {
      query = new ProfileQuery(sort, descending, limit, request.parameter("cursor"));
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new BadParameterException("sort", "not a sortable attribute or field: " + e.getMessage());
    }
    try {
      return cdp.profiles(query);
    } catch (InvalidInputException e) {
      throw new BadParameterException("cursor", e.getMessage());
    }
  }

  private static List<String> columns(@Nullable String text) {
    List<String> columns = new ArrayList<>();
    columns.add("id");
    if (text == null) {
      columns.addAll(DEFAULT_COLUMNS);
      return columns;
    }
    for (String column : text.split(",", -1)) {
      if (column.isBlank()) {
        throw new BadParameterException("columns", "a comma-separated list of column names is needed");
      }
      columns.add(column.strip());
    }
    return columns;
  }

  private String cell(Profile profile, String column) {
    if (column.equals("id") || column.equals(ProfileQuery.ID)) {
      return profile.id();
    }
    if (column.equals(ProfileQuery.CREATED_AT)) {
      return labels.time(profile.createdAt());
    }
    if (column.equals("$updated_at")) {
      return labels.time(profile.updatedAt());
    }
    if (column.startsWith("$identifier.")) {
      return profile.mainIdentifier(column.substring("$identifier.".length())).map(i -> i.value()).orElse("");
    }
    return Labels.text(profile, column);
  }
}

package io.cdpkit.core.exchange;

import io.cdpkit.core.spi.StorageBacked;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Exports events, optionally of some types and in a time range, as CSV or JSON Lines, streaming
 * one profile's events at a time (profiles by id, each one's events oldest first). CSV columns are
 * {@code id}, {@code profile_id}, {@code type}, {@code timestamp}, {@code source}, {@code
 * $identifier.TYPE} (the first identifier of that type the event carried) or a property name
 * (non-text values as JSON); the default columns are {@code id, profile_id, type, timestamp,
 * source}. JSON Lines rows have the event shape of {@code data-formats.md}, which {@link
 * EventImporter} reads back. Immutable and thread-safe.
 *
 * <pre>{@code
 * EventExporter.of(cdp).export(out, Set.of("purchase"), from, to,
 *     ExportOptions.of(DataFormat.CSV).withColumns(List.of("id", "profile_id", "timestamp", "amount")));
 * }</pre>
 */
public final class EventExporter {
  /** The CSV columns when none are chosen. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of("id", "profile_id", "type", "timestamp", "source");

  private static final int PAGE = 1_000;
  private static final String IDENTIFIER_PREFIX = "$identifier.";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Cdp cdp;

  private EventExporter(Cdp cdp) {
    this.cdp = cdp;
  }

  public static EventExporter of(Cdp cdp) {
    return new EventExporter(Objects.requireNonNull(cdp, "cdp"));
  }

  /**
   * Writes the matching events; does not close {@code out}.
   *
   * @param types the event types to write; empty means all
   * @param from the earliest timestamp written (inclusive), or null
   * @param to the end of the range (exclusive), or null
   * @return the number of events written
   * @throws java.io.UncheckedIOException when writing fails
   */
  public long export(
      Writer out, Set<String> types, @Nullable Instant from, @Nullable Instant to, ExportOptions options) {
    Objects.requireNonNull(out, "out");
    Set<String> wanted = Set.copyOf(types);
    List<String> columns = options.columns().isEmpty() ? DEFAULT_COLUMNS : options.columns();
    RowWriter writer =
        options.format() == DataFormat.CSV
            ? RowWriter.csv(out, columns, options.separator(), options.progress())
            : RowWriter.jsonLines(out, options.progress());
    ProfileQuery query = ProfileQuery.firstPage(PAGE).sortedBy(ProfileQuery.ID, false);
    while (true) {
      Page<Profile> page = cdp.profiles(query);
      for (Profile profile : page.items()) {
        List<Event> events =
            StorageBacked.storageOf(cdp)
                .read(
                    s ->
                        s.events()
                            .ofProfile(profile.id())
                            .filter(e -> wanted.isEmpty() || wanted.contains(e.type()))
                            .filter(e -> from == null || !e.timestamp().isBefore(from))
                            .filter(e -> to == null || e.timestamp().isBefore(to))
                            .toList());
        for (Event event : events) {
          if (options.format() == DataFormat.CSV) {
            writer.csvRow(cells(event, columns));
          } else {
            writer.jsonRow(json(event));
          }
        }
      }
      if (!page.hasNext()) {
        return writer.finish();
      }
      query = query.after(page);
    }
  }

  private static List<String> cells(Event event, List<String> columns) {
    List<String> cells = new ArrayList<>(columns.size());
    for (String column : columns) {
      switch (column) {
        case "id":
          cells.add(event.id());
          break;
        case "profile_id":
          cells.add(event.profileId());
          break;
        case "type":
          cells.add(event.type());
          break;
        case "timestamp":
          cells.add(event.timestamp().toString());
          break;
        case "source":
          cells.add(event.source());
          break;
        default:
          if (column.startsWith(IDENTIFIER_PREFIX)) {
            String type = column.substring(IDENTIFIER_PREFIX.length());
            cells.add(
                event.identifiers().stream()
                    .filter(i -> i.type().equals(type))
                    .map(Identifier::value)
                    .findFirst()
                    .orElse(""));
          } else {
            cells.add(event.properties().get(column).map(Cells::format).orElse(""));
          }
      }
    }
    return cells;
  }

  private static ObjectNode json(Event event) {
    ObjectNode row = NODES.objectNode();
    row.put("id", event.id());
    row.put("profile_id", event.profileId());
    row.put("type", event.type());
    row.put("timestamp", event.timestamp().toString());
    row.put("source", event.source());
    ObjectNode properties = row.putObject("properties");
    for (var field : event.properties().fields().entrySet()) {
      AttributeValue value = field.getValue();
      properties.set(field.getKey(), AttributeJson.toNode(value));
    }
    if (!event.identifiers().isEmpty()) {
      ArrayNode identifiers = row.putArray("identifiers");
      for (Identifier identifier : event.identifiers()) {
        identifiers.addObject().put("type", identifier.type()).put("value", identifier.value());
      }
    }
    return row;
  }
}

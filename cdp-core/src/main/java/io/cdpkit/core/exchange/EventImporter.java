package io.cdpkit.core.exchange;

import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.StorageBacked;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports events from JSON Lines or CSV through {@link Cdp#trackAll}, a batch per transaction: a
 * row names its person by {@code profile_id}, which must be a stored profile (else the row is
 * rejected), or by identifiers (an unknown person becomes a new profile); it needs {@code type}
 * and {@code timestamp}, and an {@code id} seen before stores nothing. In CSV, columns other than
 * {@code id}, {@code profile_id}, {@code type}, {@code timestamp}, {@code source} and identifier
 * columns are properties (see {@link ColumnMapping}).
 * Thread-safe: each call is an independent import.
 *
 * <pre>{@code
 * ImportReport report = EventImporter.of(cdp).importFrom(Path.of("events.jsonl"),
 *     ImportOptions.of(DataFormat.JSON_LINES));
 * }</pre>
 */
public final class EventImporter {
  private static final Set<String> FIELDS =
      Set.of("id", "profile_id", "identifiers", "type", "timestamp", "source", "properties");
  private final Delegate delegate;

  private EventImporter(Cdp cdp) {
    this.delegate = new Delegate(cdp);
  }

  public static EventImporter of(Cdp cdp) {
    return new EventImporter(cdp);
  }

  /**
   * Imports a file.
   *
   * @throws java.io.UncheckedIOException when the file cannot be opened
   */
  public ImportReport importFrom(Path file, ImportOptions options) {
    return delegate.run(file, options);
  }

  /** Imports UTF-8 bytes (with or without a byte order mark); does not close the stream. */
  public ImportReport importFrom(InputStream in, ImportOptions options) {
    return delegate.run(in, options);
  }

  /** Imports text; does not close the reader. */
  public ImportReport importFrom(Reader in, ImportOptions options) {
    return delegate.run(in, options);
  }

  private static final class Delegate extends Importer<Track> {
    Delegate(Cdp cdp) {
      super(cdp);
    }

    @Override
    boolean events() {
      return true;
    }

    @Override
    void checkHeader(List<ColumnMapping.Column> columns, List<String> headers) {
      boolean type = false;
      boolean timestamp = false;
      boolean person = false;
      for (ColumnMapping.Column column : columns) {
        type |= column.role() == ColumnMapping.Role.TYPE;
        timestamp |= column.role() == ColumnMapping.Role.TIMESTAMP;
        person |= column.role() == ColumnMapping.Role.PROFILE_ID
            || column.role() == ColumnMapping.Role.IDENTIFIER
            || column.role() == ColumnMapping.Role.CHANNEL_ID;
      }
      if (!type || !timestamp || !person) {
        throw new InvalidInputException(
            "header", String.join(",", headers),
            "must have type, timestamp and profile_id or an identifier column");
      }
    }

    @Override
    Track fromCsv(List<ColumnMapping.Column> columns, List<String> headers, List<String> cells,
        ImportOptions options) {
      String type = null;
      for (int i = 0; i < cells.size(); i++) {
        if (columns.get(i).role() == ColumnMapping.Role.TYPE && !cells.get(i).isEmpty()) {
          type = cells.get(i);
        }
      }
      if (type == null) {
        throw new InvalidInputException("type", "", "is required");
      }
      Track.Builder builder = Track.builder(type);
      boolean person = false;
      boolean timestamp = false;
      String channelName = null;
      String channelId = null;
      for (int i = 0; i < cells.size(); i++) {
        String cell = cells.get(i);
        if (cell.isEmpty()) {
          continue;
        }
        ColumnMapping.Column column = columns.get(i);
        String header = headers.get(i);
        try {
          switch (column.role()) {
            case ID:
              builder.eventId(cell);
              break;
            case PROFILE_ID:
              builder.profileId(cell);
              person = true;
              break;
            case IDENTIFIER:
              builder.identifier(Identifier.of(column.target(), cell));
              person = true;
              break;
            case TIMESTAMP:
              builder.timestamp(Cells.instant(header, cell, cdp.zone()));
              timestamp = true;
              break;
            case SOURCE:
              builder.source(cell);
              break;
            case CHANNEL_NAME:
              channelName = cell;
              break;
            case CHANNEL_ID:
              channelId = cell;
              break;
            case ATTRIBUTE:
              builder.property(column.target(), Cells.parse(header, cell, column.kind()));
              break;
            default:
              break;
          }
        } catch (InvalidInputException e) {
          throw e.field().equals(header) ? e : new InvalidInputException(header, cell, e.rule());
        }
      }
      if (channelName != null && channelId != null) {
        builder.identifier(Identifier.of(channelName, channelId));
        person = true;
      }
      if (!timestamp) {
        throw new InvalidInputException("timestamp", "", "is required");
      }
      if (!person) {
        throw new InvalidInputException("profile_id", "", "or an identifier is required");
      }
      return builder.build();
    }

    @Override
    Track fromJson(JsonNode object, ImportOptions options) {
      onlyFields(object, FIELDS);
      if (!object.hasNonNull("type")) {
        throw new InvalidInputException("type", null, "is required");
      }
      if (!object.hasNonNull("timestamp")) {
        throw new InvalidInputException("timestamp", null, "is required");
      }
      Track.Builder builder = Track.builder(Cells.text(object.get("type"), "type"));
      builder.timestamp(Cells.instant("timestamp", Cells.text(object.get("timestamp"), "timestamp"), cdp.zone()));
      boolean person = false;
      if (object.hasNonNull("profile_id")) {
        builder.profileId(Cells.text(object.get("profile_id"), "profile_id"));
        person = true;
      }
      if (object.hasNonNull("identifiers")) {
        List<Identifier> identifiers = identifiers(object.get("identifiers"));
        identifiers.forEach(builder::identifier);
        person |= !identifiers.isEmpty();
      }
      if (!person) {
        throw new InvalidInputException("profile_id", null, "or a non-empty identifiers list is required");
      }
      if (object.hasNonNull("id")) {
        builder.eventId(Cells.text(object.get("id"), "id"));
      }
      if (object.hasNonNull("source")) {
        builder.source(Cells.text(object.get("source"), "source"));
      }
      if (object.hasNonNull("properties")) {
        AttributeValue properties = AttributeJson.fromNode(object.get("properties"));
        if (!(properties instanceof ObjectValue fields)) {
          throw new InvalidInputException("properties", object.get("properties").toString(), "must be a JSON object");
        }
        builder.properties(fields);
      }
      return builder.build();
    }

    /**
     * An event names a stored person by {@code profile_id}: a typo must not create a stranger with
     * that id. New people come in by their identifiers. One lookup of the batch's ids, then one of
     * the aliases of those not found (ids merged away still name their survivor).
     */
    @Override
    Map<Integer, String> screen(List<Track> requests) {
      Set<String> named = new HashSet<>();
      for (Track track : requests) {
        if (track.profileId() != null) {
          named.add(track.profileId());
        }
      }
      if (named.isEmpty()) {
        return Map.of();
      }
      Set<String> unknown = StorageBacked.storageOf(cdp).read(session -> {
        Set<String> missing = new HashSet<>(named);
        missing.removeAll(session.profiles().findAll(named).keySet());
        missing.removeIf(id -> Profiles.resolve(session, id).isPresent());
        return missing;
      });
      Map<Integer, String> faults = new HashMap<>();
      for (int i = 0; i < requests.size(); i++) {
        String profileId = requests.get(i).profileId();
        if (profileId != null && unknown.contains(profileId)) {
          faults.put(i, new InvalidInputException("profile_id", profileId,
              "must name a stored profile (name a new person by an identifier column instead)")
              .getMessage());
        }
      }
      return faults;
    }

    @Override
    int storeAll(List<Track> requests) {
      int already = alreadyStored(requests);
      cdp.trackAll(requests);
      return already;
    }

    @Override
    boolean storeOne(Track request) {
      boolean already = alreadyStored(List.of(request)) > 0;
      cdp.track(request);
      return already;
    }

    /** How many of the requests carry an event id that is stored or repeats an earlier one. */
    private int alreadyStored(List<Track> requests) {
      List<String> ids = new ArrayList<>();
      for (Track track : requests) {
        if (track.eventId() != null) {
          ids.add(track.eventId());
        }
      }
      if (ids.isEmpty()) {
        return 0;
      }
      Set<String> stored = StorageBacked.storageOf(cdp).read(session -> session.events().existing(ids));
      Set<String> seen = new HashSet<>();
      int count = 0;
      for (String id : ids) {
        if (!seen.add(id) || stored.contains(id)) {
          count++;
        }
      }
      return count;
    }
  }
}

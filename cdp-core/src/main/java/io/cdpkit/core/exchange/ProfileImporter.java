package io.cdpkit.core.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports profiles from CSV or JSON Lines through {@link Cdp#identifyAll}, a batch per
 * transaction, so the identity rules apply as for any identify call (a row may find, create or
 * merge profiles). Each row is validated; see {@link ImportOptions} for strict mode and {@link
 * ColumnMapping} for what CSV columns mean. A row must name its person by an id or at least one
 * identifier. Thread-safe: each call is an independent import.
 *
 * <pre>{@code
 * ImportReport report = ProfileImporter.of(cdp).importFrom(Path.of("customers.csv"),
 *     ImportOptions.defaults().toBuilder().separator(';').build());
 * report.errors().forEach(System.err::println);   // line 7: email "ann@" must ...
 * }</pre>
 */
public final class ProfileImporter {
  private static final Set<String> FIELDS = Set.of("id", "identifiers", "attributes", "created_at");
  private final Delegate delegate;

  private ProfileImporter(Cdp cdp) {
    this.delegate = new Delegate(cdp);
  }

  public static ProfileImporter of(Cdp cdp) {
    return new ProfileImporter(cdp);
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

  private static final class Delegate extends Importer<Identify> {
    Delegate(Cdp cdp) {
      super(cdp);
    }

    @Override
    boolean events() {
      return false;
    }

    @Override
    void checkHeader(List<ColumnMapping.Column> columns, List<String> headers) {
      boolean names = false;
      boolean channelName = false;
      boolean channelId = false;
      for (ColumnMapping.Column column : columns) {
        switch (column.role()) {
          case ID:
          case IDENTIFIER:
            names = true;
            break;
          case CHANNEL_NAME:
            channelName = true;
            break;
          case CHANNEL_ID:
            channelId = true;
            break;
          case PROFILE_ID:
          case TYPE:
          case TIMESTAMP:
            throw new InvalidInputException(
                "header", headers.get(columns.indexOf(column)), "is an event column, not a profile column");
          default:
            break;
        }
      }
      if (channelName != channelId) {
        throw new InvalidInputException(
            "header", String.join(",", headers), "must have both channel_name and channel_id, or neither");
      }
      if (!names && !channelName) {
        throw new InvalidInputException(
            "header", String.join(",", headers), "must have an id or an identifier column");
      }
    }

    @Override
    Identify fromCsv(List<ColumnMapping.Column> columns, List<String> headers, List<String> cells) {
      Identify.Builder builder = Identify.builder();
      String channelName = null;
      String channelId = null;
      boolean named = false;
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
              builder.profileId(cell);
              named = true;
              break;
            case IDENTIFIER:
              builder.identifier(Identifier.of(column.target(), cell));
              named = true;
              break;
            case CREATED_AT:
              builder.timestamp(Cells.instant(header, cell, cdp.zone()));
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
              builder.set(column.target(), Cells.parse(header, cell, column.kind()));
              break;
            default:
              break;
          }
        } catch (InvalidInputException e) {
          throw e.field().equals(header) ? e : new InvalidInputException(header, cell, e.rule());
        }
      }
      if ((channelName == null) != (channelId == null)) {
        throw new InvalidInputException(
            channelName == null ? "channel_name" : "channel_id", "", "must be set when the other channel column is");
      }
      if (channelName != null) {
        builder.identifier(Identifier.of(channelName, channelId));
        named = true;
      }
      if (!named) {
        throw new InvalidInputException("row", "", "names no one: the id and every identifier column are empty");
      }
      return builder.build();
    }

    @Override
    Identify fromJson(JsonNode object) {
      onlyFields(object, FIELDS);
      Identify.Builder builder = Identify.builder();
      boolean named = false;
      if (object.hasNonNull("id")) {
        builder.profileId(Cells.text(object.get("id"), "id"));
        named = true;
      }
      if (object.hasNonNull("identifiers")) {
        List<Identifier> identifiers = identifiers(object.get("identifiers"));
        identifiers.forEach(builder::identifier);
        named |= !identifiers.isEmpty();
      }
      if (!named) {
        throw new InvalidInputException("id", null, "or a non-empty identifiers list is required");
      }
      if (object.hasNonNull("attributes")) {
        AttributeValue attributes = AttributeJson.fromNode(object.get("attributes"));
        if (!(attributes instanceof ObjectValue fields)) {
          throw new InvalidInputException("attributes", object.get("attributes").toString(), "must be a JSON object");
        }
        for (Map.Entry<String, AttributeValue> field : fields.fields().entrySet()) {
          builder.set(field.getKey(), field.getValue());
        }
      }
      if (object.hasNonNull("created_at")) {
        builder.timestamp(Cells.instant("created_at", Cells.text(object.get("created_at"), "created_at"), cdp.zone()));
      }
      return builder.build();
    }

    @Override
    void storeAll(List<Identify> requests) {
      cdp.identifyAll(requests);
    }

    @Override
    void storeOne(Identify request) {
      cdp.identify(request);
    }
  }
}

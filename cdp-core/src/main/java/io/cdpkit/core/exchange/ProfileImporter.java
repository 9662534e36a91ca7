package io.cdpkit.core.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.PhoneNumbers;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports profiles from CSV or JSON Lines through {@link Cdp#identifyAll}, a batch per
 * transaction, so the identity rules apply as for any identify call (a row may find, create or
 * merge profiles). Each row is validated; see {@link ImportOptions} for strict mode and {@link
 * ColumnMapping} for what CSV columns mean. A row must name its person by an id or at least one
 * identifier. Thread-safe: each call is an independent import.
 *
 * <pre>{@code
 * ImportReport report = ProfileImporter.of(cdp).importFrom(Path.of("customers.csv"),
 *     ImportOptions.defaults().toBuilder().separator(';').phoneRegion("ID").build());
 * report.errors().forEach(System.err::println);   // line 7: email "ann@" must ...
 * }</pre>
 */
public final class ProfileImporter {
  /** The attribute saying why a phone number column's value is not a possible number. */
  public static final String PHONE_PROBLEM = "phone_problem";
  private static final Set<String> FIELDS = Set.of("id", "identifiers", "attributes", "created_at");
  /** A WhatsApp id: the international number's digits without the plus. */
  private static final Pattern WHATSAPP_ID = Pattern.compile("[1-9][0-9]{5,14}");
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
          case CHANNEL_IDENTIFIER:
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
    Identify fromCsv(List<ColumnMapping.Column> columns, List<String> headers, List<String> cells,
        ImportOptions options) {
      Identify.Builder builder = Identify.builder();
      String channelName = null;
      String channelId = null;
      String kind = null;
      int channelIdentifier = -1;
      boolean named = false;
      List<String> unusable = new ArrayList<>();
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
              named |= identifier(builder, column.target(), header, cell, options, unusable);
              break;
            case CHANNEL_KIND:
              kind = cell;
              break;
            case CHANNEL_IDENTIFIER:
              channelIdentifier = i;
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
      if (channelIdentifier >= 0) {
        String cell = cells.get(channelIdentifier);
        String type = kind == null ? Identifier.USER_ID : ChannelKinds.identifierType(kind, cell);
        String header = headers.get(channelIdentifier);
        try {
          named |= identifier(builder, type, header, cell, options, unusable);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(header, cell, "as a " + type + " identifier " + e.rule());
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
        throw new InvalidInputException("row", "", unusable.isEmpty()
            ? "names no one: the id and every identifier column are empty"
            : "names no one: " + String.join("; ", unusable));
      }
      return builder.build();
    }

    /**
     * Adds the cell as an identifier of {@code type}; returns whether it did. A phone number is read
     * with the import's default region into E.164; an email or phone number that is not one is
     * kept as the attribute named by the header (with {@code phone_problem} saying why, for
     * phones) instead.
     *
     * @throws InvalidInputException for a value another identifier type refuses
     */
    private static boolean identifier(Identify.Builder builder, String type, String header, String cell,
        ImportOptions options, List<String> unusable) {
      if (Identifier.isPhoneType(type)) {
        String text = type.equals(Identifier.WHATSAPP) && WHATSAPP_ID.matcher(cell).matches() ? "+" + cell : cell;
        PhoneNumbers.Reading reading = options.phones().read(text);
        if (reading.e164() != null) {
          builder.identifier(Identifier.of(type, reading.e164()));
          return true;
        }
        builder.set(header, cell).set(PHONE_PROBLEM, Objects.requireNonNull(reading.problem()));
        unusable.add(header + " \"" + cell + "\" " + reading.problem());
        return false;
      }
      if (type.equals(Identifier.EMAIL)) {
        try {
          builder.identifier(Identifier.email(cell));
          return true;
        } catch (InvalidInputException notAnEmail) {
          builder.set(header, cell);
          unusable.add(header + " \"" + cell + "\" is not an email address (" + notAnEmail.rule() + ")");
          return false;
        }
      }
      builder.identifier(Identifier.of(type, cell));
      return true;
    }

    @Override
    Identify fromJson(JsonNode object, ImportOptions options) {
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
    int storeAll(List<Identify> requests) {
      cdp.identifyAll(requests);
      return 0;
    }

    @Override
    boolean storeOne(Identify request) {
      cdp.identify(request);
      return false;
    }
  }
}

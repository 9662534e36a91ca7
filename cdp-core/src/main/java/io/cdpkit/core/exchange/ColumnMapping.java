package io.cdpkit.core.exchange;

import io.cdpkit.core.identity.Identifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each CSV column of an import means, by header name. Columns without an explicit mapping
 * follow the defaults:
 *
 * <ul>
 *   <li>the customer template {@code name, identifier, email, phone_number, channel_id, source,
 *       channel_name} (profiles; any subset of it): {@code name} is the text attribute {@code
 *       name}; {@code source} the kind of channel the person came in on, which gives the type of
 *       the {@code identifier} column's value ({@link ChannelKinds}: {@code wa} a {@code whatsapp}
 *       number, {@code ig} an {@code instagram} id, ..., {@code qiscus} an email or phone by its
 *       shape; without {@code source} a {@code user_id}); {@code email} an email identifier (an
 *       invalid one is kept as the attribute {@code email}); {@code phone_number} a phone
 *       identifier (an impossible one is kept as the attribute with {@code phone_problem});
 *       {@code channel_id} and {@code channel_name} the business's channel, kept as text
 *       attributes. For events, {@code identifier} is a {@code user_id}, {@code source} where the
 *       data came from and {@code channel_name} plus {@code channel_id} one identifier whose type
 *       is the channel name;
 *   <li>{@code id} (the profile or event id), {@code created_at} or {@code $created_at} (profiles),
 *       {@code profile_id}, {@code type} and {@code timestamp} (events), {@code $identifier.TYPE}
 *       (an identifier of that type), {@code $updated_at} (ignored), as the exporters write them;
 *   <li>any other column: an attribute (profiles) or property (events) of the header's name, its
 *       value read as {@link ValueKind#AUTO}.
 * </ul>
 *
 * An empty cell sets nothing. Immutable and thread-safe.
 *
 * <pre>{@code
 * ColumnMapping mapping = ColumnMapping.defaults().toBuilder()
 *     .identifier("Mail", Identifier.EMAIL)
 *     .attribute("Postcode", "postcode", ColumnMapping.ValueKind.TEXT)
 *     .ignore("Notes")
 *     .build();
 * }</pre>
 */
public final class ColumnMapping {

  /** The template header of a customer CSV, in order. */
  public static final List<String> TEMPLATE =
      List.of("name", "identifier", "email", "phone_number", "channel_id", "source", "channel_name");

  private static final String IDENTIFIER_PREFIX = "$identifier.";
  private static final ColumnMapping DEFAULTS = new ColumnMapping(Map.of());

  private final Map<String, Column> explicit;

  private ColumnMapping(Map<String, Column> explicit) {
    this.explicit = Map.copyOf(explicit);
  }

  /** The default meanings only. */
  public static ColumnMapping defaults() {
    return DEFAULTS;
  }

  /** A builder starting from this mapping's explicit columns. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.columns.putAll(explicit);
    return builder;
  }

  /** How a cell's text becomes a value. */
  public enum ValueKind {
    /** The text as is. */
    TEXT,
    /** A decimal number; anything else rejects the row. */
    NUMBER,
    /** {@code true} or {@code false}, ignoring case; anything else rejects the row. */
    BOOLEAN,
    /** JSON text (a number, list, object, ...). */
    JSON,
    /**
     * A JSON number, {@code true}/{@code false}, or a JSON list or object as that value; other
     * text (including numbers with leading zeros or a plus sign, such as phone numbers) as text.
     */
    AUTO
  }

  /** The role of a column. */
  public enum Role {
    /** The profile id (profiles) or event id (events). */
    ID,
    /** The id of the profile an event belongs to. */
    PROFILE_ID,
    /** The event type. */
    TYPE,
    /** When the event happened. */
    TIMESTAMP,
    /** When the profile was created. */
    CREATED_AT,
    /** The source of the data. */
    SOURCE,
    /** An identifier of the column's identifier type. */
    IDENTIFIER,
    /** The type of the identifier whose value is in the {@link #CHANNEL_ID} column. */
    CHANNEL_NAME,
    /**
     * The kind of channel ({@code wa}, {@code ig}, {@code qiscus}, ...) that gives the type of the
     * {@link #CHANNEL_IDENTIFIER} column's value, as {@link ChannelKinds} maps it.
     */
    CHANNEL_KIND,
    /** The person's id on the channel the {@link #CHANNEL_KIND} column names; else a user id. */
    CHANNEL_IDENTIFIER,
    /** The value of the identifier whose type is in the {@link #CHANNEL_NAME} column. */
    CHANNEL_ID,
    /** A profile attribute or event property. */
    ATTRIBUTE,
    /** Not imported. */
    IGNORE
  }

  /**
   * What a column means.
   *
   * @param target the identifier type ({@link Role#IDENTIFIER}) or the attribute or property name
   *     ({@link Role#ATTRIBUTE}); "" otherwise
   */
  public record Column(Role role, String target, ValueKind kind) {
    public Column {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(kind, "kind");
      if ((role == Role.IDENTIFIER || role == Role.ATTRIBUTE) && target.isEmpty()) {
        throw new IllegalArgumentException("a column of role " + role + " needs a target name");
      }
    }

    static Column of(Role role) {
      return new Column(role, "", ValueKind.TEXT);
    }
  }

  /** The explicitly mapped column, if any. */
  public Optional<Column> explicit(String header) {
    return Optional.ofNullable(explicit.get(header));
  }

  /** What the header means in an import of profiles ({@code events == false}) or events. */
  Column resolve(String header, boolean events) {
    Column column = explicit.get(header);
    if (column != null) {
      return column;
    }
    if (header.startsWith(IDENTIFIER_PREFIX) && header.length() > IDENTIFIER_PREFIX.length()) {
      return new Column(Role.IDENTIFIER, header.substring(IDENTIFIER_PREFIX.length()), ValueKind.TEXT);
    }
    switch (header) {
      case "id":
        return Column.of(Role.ID);
      case "email":
        return new Column(Role.IDENTIFIER, Identifier.EMAIL, ValueKind.TEXT);
      case "phone_number":
        return new Column(Role.IDENTIFIER, Identifier.PHONE, ValueKind.TEXT);
      case "$updated_at":
        return Column.of(Role.IGNORE);
      default:
        break;
    }
    if (events) {
      switch (header) {
        case "source":
          return Column.of(Role.SOURCE);
        case "identifier":
          return new Column(Role.IDENTIFIER, Identifier.USER_ID, ValueKind.TEXT);
        case "channel_name":
          return Column.of(Role.CHANNEL_NAME);
        case "channel_id":
          return Column.of(Role.CHANNEL_ID);
        case "profile_id":
          return Column.of(Role.PROFILE_ID);
        case "type":
          return Column.of(Role.TYPE);
        case "timestamp":
          return Column.of(Role.TIMESTAMP);
        default:
          return new Column(Role.ATTRIBUTE, header, ValueKind.AUTO);
      }
    }
    switch (header) {
      case "created_at":
      case "$created_at":
        return Column.of(Role.CREATED_AT);
      case "name":
      case "channel_id":
      case "channel_name":
        return new Column(Role.ATTRIBUTE, header, ValueKind.TEXT);
      case "source":
        return Column.of(Role.CHANNEL_KIND);
      case "identifier":
        return Column.of(Role.CHANNEL_IDENTIFIER);
      default:
        return new Column(Role.ATTRIBUTE, header, ValueKind.AUTO);
    }
  }

  /** Builds a {@link ColumnMapping}; a later mapping of the same header replaces the earlier. */
  public static final class Builder {
    private final Map<String, Column> columns = new LinkedHashMap<>();

    private Builder() {}

    /** Maps a header to a role and target. */
    public Builder column(String header, Column column) {
      columns.put(requireHeader(header), Objects.requireNonNull(column, "column"));
      return this;
    }

    /** The column holds identifiers of {@code type}. */
    public Builder identifier(String header, String type) {
      return column(header, new Column(Role.IDENTIFIER, type, ValueKind.TEXT));
    }

    /** The column holds the attribute (or event property) {@code name}, read as {@code kind}. */
    public Builder attribute(String header, String name, ValueKind kind) {
      return column(header, new Column(Role.ATTRIBUTE, name, kind));
    }

    /** The column is not imported. */
    public Builder ignore(String header) {
      return column(header, Column.of(Role.IGNORE));
    }

    /** The column has one of the roles without a target ({@code ID}, {@code SOURCE}, ...). */
    public Builder role(String header, Role role) {
      return column(header, Column.of(role));
    }

    public ColumnMapping build() {
      return new ColumnMapping(columns);
    }

    private static String requireHeader(String header) {
      Objects.requireNonNull(header, "header");
      if (header.isBlank()) {
        throw new IllegalArgumentException("header must not be blank");
      }
      return header;
    }
  }
}

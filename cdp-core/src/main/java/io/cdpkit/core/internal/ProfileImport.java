package io.cdpkit.core.internal;

import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.AttributeJson;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a document written by {@link ProfileExport} into a store: the profile, its identifiers,
 * attribute and consent history and events, as they were (ids, origins and instants kept). The
 * identity log, audit entries and module sections are informational and are not imported.
 */
final class ProfileImport {
  private ProfileImport() {}

  static StoredProfile read(StorageSession session, JsonParser parser) throws IOException {
    expect(parser.nextToken(), JsonToken.START_OBJECT, "document");
    StoredProfile profile = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if (field.equals("format")) {
        if (!ProfileExport.FORMAT.equals(parser.getText())) {
          throw new InvalidInputException("format", parser.getText(), "must be " + ProfileExport.FORMAT);
        }
      } else if (field.equals("profile")) {
        profile = readProfile(session, parser.readValueAsTree());
      } else if (field.equals("attribute_history")) {
        String owner = required(profile).id();
        forEach(parser, node -> session.attributeHistory().append(
            new AttributeUpdate(owner, text(node, "origin"), instant(node, "at"), 0,
                text(node, "source"), changes(node.path("changes")))));
      } else if (field.equals("consent_history")) {
        String owner = required(profile).id();
        forEach(parser, node -> session.consentHistory().append(
            new StoredConsentChange(consentChange(node), owner, text(node, "origin"), 0)));
      } else if (field.equals("events")) {
        String owner = required(profile).id();
        forEach(parser, node -> session.events().insert(event(owner, node), owner));
      } else {
        parser.skipChildren();
      }
    }
    return required(profile);
  }

  private static StoredProfile readProfile(StorageSession session, JsonNode node) {
    String id = Checks.id("profile.id", text(node, "id"));
    if (Profiles.resolve(session, id).isPresent()) {
      throw new InvalidInputException("profile.id", id, "a profile with this id exists already");
    }
    Set<String> merged = new HashSet<>();
    node.path("merged_ids").forEach(m -> merged.add(m.asText()));
    StoredProfile profile =
        new StoredProfile(id, (ObjectValue) AttributeJson.fromNode(node.path("attributes")), List.of(),
            instant(node, "created_at"), instant(node, "updated_at"), merged);
    session.profiles().insert(profile);
    for (JsonNode row : node.path("identifiers")) {
      Identifier identifier = Identifier.of(text(row, "type"), text(row, "value"));
      if (session.identifiers().find(identifier).isPresent()) {
        throw new InvalidInputException("profile.identifiers", identifier, "is held by another profile");
      }
      JsonNode reason = row.path("undeliverable_reason");
      ProfileIdentifier state =
          new ProfileIdentifier(identifier, instant(row, "first_seen"), instant(row, "last_seen"),
              row.path("deliverable").asBoolean(true), row.path("main").asBoolean(false),
              reason.isTextual() ? reason.asText() : null);
      session.identifiers().put(new StoredIdentifier(state, id, text(row, "origin")));
    }
    return profile;
  }

  /** Called after the histories are in: the profile's consents are rebuilt from them. */
  static StoredProfile withConsents(StorageSession session, StoredProfile profile) {
    StoredProfile updated =
        new StoredProfile(profile.id(), profile.attributes(),
            Consents.current(session.consentHistory().ofOwner(profile.id())), profile.createdAt(),
            profile.updatedAt(), profile.mergedIds());
    session.profiles().update(updated);
    return updated;
  }

  private static List<AttributeChange> changes(JsonNode array) {
    List<AttributeChange> changes = new ArrayList<>();
    array.forEach(change -> changes.add(AttributeChangeJson.read(change)));
    return changes;
  }

  private static ConsentChange consentChange(JsonNode node) {
    Identifier identifier =
        node.hasNonNull("identifier_type")
            ? Identifier.of(text(node, "identifier_type"), text(node, "identifier_value"))
            : null;
    return new ConsentChange(identifier, text(node, "channel"), text(node, "purpose"),
        status(text(node, "status")), instant(node, "at"), text(node, "source"),
        node.hasNonNull("expires_at") ? instant(node, "expires_at") : null, text(node, "actor"));
  }

  private static Event event(String profileId, JsonNode node) {
    List<Identifier> identifiers = new ArrayList<>();
    node.path("identifiers").forEach(i -> identifiers.add(Identifier.of(text(i, "type"), text(i, "value"))));
    return new Event(Checks.id("event.id", text(node, "id")), profileId, Checks.eventType("event.type", text(node, "type")),
        instant(node, "timestamp"), instant(node, "received_at"), text(node, "source"),
        (ObjectValue) AttributeJson.fromNode(node.path("properties")), identifiers);
  }

  static ConsentStatus status(String text) {
    try {
      return ConsentStatus.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("status", text, "must be granted, denied or unknown");
    }
  }

  private interface NodeAction {
    void accept(JsonNode node);
  }

  private static void forEach(JsonParser parser, NodeAction action) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, parser.currentName());
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      action.accept(parser.readValueAsTree());
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new InvalidInputException(what, actual, "must be a JSON " + (expected == JsonToken.START_ARRAY ? "array" : "object"));
    }
  }

  private static StoredProfile required(StoredProfile profile) {
    if (profile == null) {
      throw new InvalidInputException("profile", null, "must come first in the document");
    }
    return profile;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new InvalidInputException(field, value, "must be a string");
    }
    return value.asText();
  }

  private static Instant instant(JsonNode node, String field) {
    String text = text(node, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, text, "must be an ISO-8601 instant");
    }
  }
}

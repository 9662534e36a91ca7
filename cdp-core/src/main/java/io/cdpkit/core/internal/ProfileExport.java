package io.cdpkit.core.internal;

import io.cdpkit.core.spi.AttributeJson;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Writes everything held about one profile as one JSON document, streaming events so that any
 * size fits. {@link ProfileImport} reads the document back. Field names are snake_case.
 */
final class ProfileExport {
  static final String FORMAT = "cdpkit-profile-export/1";

  private ProfileExport() {}

  static void write(
      StorageSession session, StoredProfile profile, Instant exportedAt,
      List<ProfileDataContributor> contributors, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("format", FORMAT);
    json.writeStringField("exported_at", exportedAt.toString());
    writeProfile(session, profile, json);
    json.writeArrayFieldStart("attribute_history");
    for (AttributeUpdate update : session.attributeHistory().ofOwner(profile.id())) {
      json.writeStartObject();
      json.writeStringField("at", update.at().toString());
      json.writeStringField("source", update.source());
      json.writeStringField("origin", update.originProfileId());
      json.writeArrayFieldStart("changes");
      for (AttributeChange change : update.changes()) {
        json.writeTree(AttributeChangeJson.write(change));
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("consent_history");
    for (StoredConsentChange stored : session.consentHistory().ofOwner(profile.id())) {
      writeConsentChange(stored, json);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("events");
    try (Stream<Event> events = session.events().ofProfile(profile.id())) {
      for (Iterator<Event> it = events.iterator(); it.hasNext(); ) {
        writeEvent(it.next(), json);
      }
    }
    json.writeEndArray();
    json.writeArrayFieldStart("identity_log");
    for (MergeRecord record : session.identityLog().ofProfile(profile.id())) {
      json.writeStartObject();
      json.writeStringField("at", record.at().toString());
      json.writeStringField("kind", record.kind().name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("survivor_id", record.survivorId());
      writeStrings("other_ids", record.otherIds(), json);
      writeStrings("identifiers", record.identifiers().stream().map(Identifier::toString).toList(), json);
      json.writeStringField("reason", record.reason());
      json.writeStringField("actor", record.actor());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("audit");
    for (AuditEntry entry : session.auditLog().ofProfile(profile.id())) {
      json.writeStartObject();
      json.writeStringField("at", entry.at().toString());
      json.writeStringField("actor", entry.actor());
      json.writeStringField("action", entry.action().name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("detail", entry.detail());
      json.writeEndObject();
    }
    json.writeEndArray();
    for (ProfileDataContributor contributor : contributors) {
      json.writeFieldName(contributor.section());
      json.writeRawValue(contributor.export(profile.id()).toJson());
    }
    json.writeEndObject();
    json.flush();
  }

  private static void writeProfile(StorageSession session, StoredProfile profile, JsonGenerator json)
      throws IOException {
    json.writeObjectFieldStart("profile");
    json.writeStringField("id", profile.id());
    json.writeStringField("created_at", profile.createdAt().toString());
    json.writeStringField("updated_at", profile.updatedAt().toString());
    json.writeFieldName("attributes");
    json.writeTree(AttributeJson.toNode(profile.attributes()));
    writeStrings("merged_ids", profile.mergedIds().stream().sorted().toList(), json);
    json.writeArrayFieldStart("identifiers");
    for (StoredIdentifier row : session.identifiers().ofProfile(profile.id())) {
      ProfileIdentifier state = row.state();
      json.writeStartObject();
      json.writeStringField("type", state.type());
      json.writeStringField("value", state.value());
      json.writeStringField("first_seen", state.firstSeen().toString());
      json.writeStringField("last_seen", state.lastSeen().toString());
      json.writeBooleanField("deliverable", state.deliverable());
      json.writeBooleanField("main", state.main());
      if (state.undeliverableReason() != null) {
        json.writeStringField("undeliverable_reason", state.undeliverableReason());
      }
      json.writeStringField("origin", row.originProfileId());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("consents");
    for (Consent consent : profile.consents()) {
      json.writeStartObject();
      json.writeStringField("channel", consent.channel());
      json.writeStringField("purpose", consent.purpose());
      json.writeStringField("status", consent.status().name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("at", consent.at().toString());
      json.writeStringField("source", consent.source());
      if (consent.expiresAt() != null) {
        json.writeStringField("expires_at", consent.expiresAt().toString());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeConsentChange(StoredConsentChange stored, JsonGenerator json) throws IOException {
    ConsentChange change = stored.change();
    json.writeStartObject();
    if (change.identifier() != null) {
      json.writeStringField("identifier_type", change.identifier().type());
      json.writeStringField("identifier_value", change.identifier().value());
    }
    json.writeStringField("channel", change.channel());
    json.writeStringField("purpose", change.purpose());
    json.writeStringField("status", change.status().name().toLowerCase(java.util.Locale.ROOT));
    json.writeStringField("at", change.at().toString());
    json.writeStringField("source", change.source());
    if (change.expiresAt() != null) {
      json.writeStringField("expires_at", change.expiresAt().toString());
    }
    json.writeStringField("actor", change.actor());
    json.writeStringField("origin", stored.originProfileId());
    json.writeEndObject();
  }

  private static void writeEvent(Event event, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", event.id());
    json.writeStringField("type", event.type());
    json.writeStringField("timestamp", event.timestamp().toString());
    json.writeStringField("received_at", event.receivedAt().toString());
    json.writeStringField("source", event.source());
    json.writeFieldName("properties");
    json.writeTree(AttributeJson.toNode(event.properties()));
    json.writeArrayFieldStart("identifiers");
    for (Identifier identifier : event.identifiers()) {
      json.writeStartObject();
      json.writeStringField("type", identifier.type());
      json.writeStringField("value", identifier.value());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeStrings(String field, List<String> values, JsonGenerator json) throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}

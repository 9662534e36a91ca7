package io.cdpkit.workflows.internal.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.workflows.Enrollment;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.SendRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The workflows' part of a GDPR export (the profile's enrollments and their sends) and of an
 * erasure (both deleted, inside the erasure's transaction when the store shares the Cdp's file).
 */
final class WorkflowDataContributor implements ProfileDataContributor {
  private final EnrollmentStore store;

  WorkflowDataContributor(EnrollmentStore store) {
    this.store = store;
  }

  @Override
  public String section() {
    return "workflows";
  }

  @Override
  public void export(String profileId, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("enrollments");
    for (Enrollment enrollment : store.ofProfile(profileId)) {
      json.writeStartObject();
      json.writeStringField("id", enrollment.id());
      json.writeStringField("workflow", enrollment.workflow());
      json.writeNumberField("version", enrollment.version());
      json.writeStringField("state", enrollment.state().name().toLowerCase(Locale.ROOT));
      json.writeStringField("entered_at", enrollment.enteredAt().toString());
      writeNullable(json, "step", enrollment.stepId());
      json.writeBooleanField("converted", enrollment.converted());
      json.writeArrayFieldStart("sends");
      for (SendRecord send : store.sendsOf(enrollment.id())) {
        json.writeStartObject();
        json.writeStringField("step", send.key().stepId());
        json.writeNumberField("attempt", send.key().attempt());
        json.writeStringField("channel", send.channel());
        json.writeStringField("status", send.status().name().toLowerCase(Locale.ROOT));
        json.writeStringField("intent_at", send.intentAt().toString());
        writeNullable(json, "outcome_at", send.outcomeAt());
        json.writeStringField("detail", send.detail());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  @Override
  public void erase(String profileId) {
    store.forgetProfile(profileId);
  }

  private static void writeNullable(JsonGenerator json, String field, @Nullable Object value) throws IOException {
    if (value == null) {
      json.writeNullField(field);
    } else {
      json.writeStringField(field, value instanceof Instant instant ? instant.toString() : value.toString());
    }
  }
}

package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.SendRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
  public AttributeValue export(String profileId) {
    List<Map<String, Object>> enrollments = new ArrayList<>();
    for (Enrollment enrollment : store.ofProfile(profileId)) {
      List<Map<String, Object>> sends = new ArrayList<>();
      for (SendRecord send : store.sendsOf(enrollment.id())) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("step", send.key().stepId());
        fields.put("attempt", send.key().attempt());
        fields.put("channel", send.channel());
        fields.put("status", send.status().name().toLowerCase(Locale.ROOT));
        fields.put("intent_at", send.intentAt());
        fields.put("outcome_at", send.outcomeAt());
        fields.put("detail", send.detail());
        sends.add(fields);
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("id", enrollment.id());
      fields.put("workflow", enrollment.workflow());
      fields.put("version", enrollment.version());
      fields.put("state", enrollment.state().name().toLowerCase(Locale.ROOT));
      fields.put("entered_at", enrollment.enteredAt());
      fields.put("step", enrollment.stepId());
      fields.put("converted", enrollment.converted());
      fields.put("sends", sends);
      enrollments.add(fields);
    }
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("enrollments", enrollments);
    return AttributeValue.of(section);
  }

  @Override
  public void erase(String profileId) {
    store.forgetProfile(profileId);
  }
}

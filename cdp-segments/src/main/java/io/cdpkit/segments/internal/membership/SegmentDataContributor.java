package io.cdpkit.segments.internal.membership;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import java.io.IOException;

/** The segments' part of a GDPR export (segments and groups) and of an erasure. */
final class SegmentDataContributor implements ProfileDataContributor {
  private final SegmentStore store;
  private final GroupStore groups;
  private final LiveUpdates live;

  SegmentDataContributor(SegmentStore store, GroupStore groups, LiveUpdates live) {
    this.store = store;
    this.groups = groups;
    this.live = live;
  }

  @Override
  public String section() {
    return "segments";
  }

  @Override
  public void export(String profileId, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("segments");
    for (String segment : store.segmentsOf(profileId)) {
      json.writeString(segment);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("groups");
    for (String group : groups.groupsOf(profileId)) {
      json.writeString(group);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  @Override
  public void erase(String profileId) {
    live.erase(profileId);
  }
}

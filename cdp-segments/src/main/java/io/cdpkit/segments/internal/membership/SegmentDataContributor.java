package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import java.util.LinkedHashMap;
import java.util.Map;

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
  public AttributeValue export(String profileId) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("segments", store.segmentsOf(profileId));
    section.put("groups", groups.groupsOf(profileId));
    return AttributeValue.of(section);
  }

  @Override
  public void erase(String profileId) {
    live.erase(profileId);
  }
}

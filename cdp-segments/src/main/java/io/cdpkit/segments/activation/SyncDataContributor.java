package io.cdpkit.segments.activation;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.spi.ProfileDataContributor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The segment sync's part of a GDPR export (which destinations hold the profile, with the
 * identifiers sent to each) and of an erasure ({@link SyncStateStore#forgetProfile}), inside the
 * erasure's transaction when the sync state shares the Cdp's store.
 */
final class SyncDataContributor implements ProfileDataContributor {
  private final SyncStateStore store;

  SyncDataContributor(SyncStateStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public String section() {
    return "sync";
  }

  @Override
  public AttributeValue export(String profileId) {
    List<Map<String, Object>> destinations = new ArrayList<>();
    for (SyncState state : store.states()) {
      Optional<SyncMember> held =
          store.findSyncedMember(state.segment(), state.destination(), profileId);
      if (held.isPresent()) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("segment", state.segment());
        fields.put("destination", state.destination());
        fields.put("identifiers", new LinkedHashMap<>(held.get().identifiers()));
        destinations.add(fields);
      }
    }
    return AttributeValue.of(destinations);
  }

  @Override
  public void erase(String profileId) {
    store.forgetProfile(profileId);
  }
}

package io.cdpkit.segments.activation;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cdpkit.core.spi.ProfileDataContributor;
import java.io.IOException;
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
  public void export(String profileId, JsonGenerator json) throws IOException {
    json.writeStartArray();
    for (SyncState state : store.states()) {
      Optional<SyncMember> held =
          store.findSyncedMember(state.segment(), state.destination(), profileId);
      if (held.isPresent()) {
        json.writeStartObject();
        json.writeStringField("segment", state.segment());
        json.writeStringField("destination", state.destination());
        json.writeObjectFieldStart("identifiers");
        for (Map.Entry<String, String> identifier : held.get().identifiers().entrySet()) {
          json.writeStringField(identifier.getKey(), identifier.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
    }
    json.writeEndArray();
  }

  @Override
  public void erase(String profileId) {
    store.forgetProfile(profileId);
  }
}

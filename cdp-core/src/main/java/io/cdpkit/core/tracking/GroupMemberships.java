package io.cdpkit.core.tracking;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns group messages into profile changes that add to the person's groups rather than replace
 * them: attribute {@code groups} lists every group id, {@code group_traits} maps each group id to
 * its latest traits, {@code group_id} is the latest group. Reads the profile's current groups
 * (and remembers the ones added earlier in the same batch). One instance per call; not
 * thread-safe.
 */
final class GroupMemberships {
  static final String GROUPS = "groups";
  static final String GROUP_TRAITS = "group_traits";
  static final String LATEST = "group_id";

  private final Cdp cdp;
  private final String source;
  /** Groups and traits per member, keyed by the member's first identifier, as this batch left them. */
  private final Map<Identifier, Memberships> current = new HashMap<>();

  GroupMemberships(Cdp cdp, String source) {
    this.cdp = cdp;
    this.source = source;
  }

  /** The profile change that adds the group to its member's groups. */
  Identify join(MessageMapper.GroupMembership group) {
    Identifier key = group.member().get(0);
    Memberships memberships = current.computeIfAbsent(key, k -> read(group.member()));
    if (!memberships.ids.contains(group.groupId())) {
      memberships.ids.add(group.groupId());
    }
    if (!group.traits().isEmpty()) {
      memberships.traits.put(group.groupId(), group.traits());
    }
    List<AttributeValue> ids = new ArrayList<>();
    memberships.ids.forEach(id -> ids.add(new TextValue(id)));
    Identify.Builder identify = Identify.builder().source(source)
        .set(LATEST, group.groupId())
        .set(GROUPS, new ListValue(ids));
    if (!memberships.traits.isEmpty()) {
      identify.set(GROUP_TRAITS, new ObjectValue(memberships.traits));
    }
    group.member().forEach(identify::identifier);
    if (group.timestamp() != null) {
      identify.timestamp(group.timestamp());
    }
    return identify.build();
  }

  private Memberships read(List<Identifier> member) {
    Memberships memberships = new Memberships();
    Optional<Profile> profile = member.stream()
        .map(cdp::findProfile).flatMap(Optional::stream).findFirst();
    if (profile.isEmpty()) {
      return memberships;
    }
    if (profile.get().attribute(GROUPS).orElse(null) instanceof ListValue list) {
      list.items().forEach(item -> {
        if (item instanceof TextValue text) {
          memberships.ids.add(text.value());
        }
      });
    }
    if (profile.get().attribute(GROUP_TRAITS).orElse(null) instanceof ObjectValue traits) {
      memberships.traits.putAll(traits.fields());
    }
    return memberships;
  }

  private static final class Memberships {
    final List<String> ids = new ArrayList<>();
    final Map<String, AttributeValue> traits = new LinkedHashMap<>();
  }
}

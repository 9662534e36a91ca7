package io.cdpkit.segments;

import io.cdpkit.core.profile.Profile;
import java.util.Map;
import java.util.Set;

/**
 * Answers {@code in group "G"}: whether the profile is a member of the static group. Must be
 * thread-safe when evaluations run on several threads.
 */
@FunctionalInterface
public interface GroupMembership {

  /**
   * True when the profile is a member of the group.
   *
   * @throws SegmentValidationException when the group does not exist
   */
  boolean isMember(String group, Profile profile);

  /** Membership that knows no group: {@code in group} fails with an unknown-group error. */
  static GroupMembership none() {
    return (group, profile) -> {
      throw new SegmentValidationException(null, java.util.List.of(new Problem(
          Problem.Kind.UNKNOWN_GROUP, 0, 0, "a group known to the evaluation context",
          "unknown group \"" + group + "\" (no groups were configured)")));
    };
  }

  /** Membership from a fixed map of group name to member profile ids (copied). */
  static GroupMembership of(Map<String, Set<String>> membersByGroup) {
    Map<String, Set<String>> copy = new java.util.HashMap<>();
    membersByGroup.forEach((group, members) -> copy.put(group, Set.copyOf(members)));
    return (group, profile) -> {
      Set<String> members = copy.get(group);
      if (members == null) {
        throw new SegmentValidationException(null, java.util.List.of(new Problem(
            Problem.Kind.UNKNOWN_GROUP, 0, 0, "one of the groups " + copy.keySet().stream().sorted().toList(),
            "unknown group \"" + group + "\"")));
      }
      return members.contains(profile.id());
    };
  }
}

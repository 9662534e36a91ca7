package io.cdpkit.test;

import io.cdpkit.segments.SegmentTransition;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a saved segment's members and the transitions a test saw. */
public final class SegmentAssert extends AbstractObjectAssert<SegmentAssert, SegmentView> {

  SegmentAssert(SegmentView actual) {
    super(actual, SegmentAssert.class);
  }

  /** Exactly these profiles are members (in any order). */
  public SegmentAssert hasMembers(String... profileIds) {
    isNotNull();
    List<String> members = actual.members();
    List<String> expected = Arrays.stream(profileIds).sorted().toList();
    if (!members.equals(expected)) {
      failWithMessage("Expected segment %s to have members %s but it has %s", actual.name(), expected, members);
    }
    return this;
  }

  public SegmentAssert hasMemberCount(long count) {
    isNotNull();
    long found = actual.segments().count(actual.name());
    if (found != count) {
      failWithMessage("Expected segment %s to have %s members but it has %s", actual.name(), count, found);
    }
    return this;
  }

  /** These profiles entered the segment at or after {@code since}, in this order. */
  public SegmentAssert enteredSince(Instant since, String... profileIds) {
    return transitions(SegmentTransition.Kind.ENTERED, since, profileIds);
  }

  /** These profiles left the segment at or after {@code since}, in this order. */
  public SegmentAssert exitedSince(Instant since, String... profileIds) {
    return transitions(SegmentTransition.Kind.EXITED, since, profileIds);
  }

  private SegmentAssert transitions(SegmentTransition.Kind kind, Instant since, String... profileIds) {
    isNotNull();
    List<String> found =
        actual.transitions().stream()
            .filter(t -> t.kind() == kind && !t.at().isBefore(since))
            .map(SegmentTransition::profileId)
            .toList();
    if (!found.equals(List.of(profileIds))) {
      failWithMessage("Expected %s of segment %s since %s to be %s but they were %s",
          kind, actual.name(), since, List.of(profileIds), found);
    }
    return this;
  }
}

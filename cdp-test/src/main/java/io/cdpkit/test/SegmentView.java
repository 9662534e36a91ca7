package io.cdpkit.test;

import io.cdpkit.core.Page;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved segment's members and the transitions recorded by a {@link CdpTestContext}, for {@link
 * CdpAssertions#assertThat(SegmentView)}.
 */
public record SegmentView(String name, Segments segments, List<SegmentTransition> transitions) {

  public SegmentView {
    transitions = transitions.stream().filter(t -> t.segment().equals(name)).toList();
  }

  /** Every member id, in id order. */
  public List<String> members() {
    List<String> ids = new ArrayList<>();
    Page<String> page = segments.members(name, 1_000, null);
    ids.addAll(page.items());
    while (page.hasNext()) {
      page = segments.members(name, 1_000, page.next());
      ids.addAll(page.items());
    }
    return ids;
  }
}

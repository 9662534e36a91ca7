package io.cdpkit.test;

import static io.cdpkit.test.CdpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

@CdpTest(start = "2026-06-16T00:00:00Z")
final class FixturesTest {

  @Test
  void profilesAndEventsLoadFromJsonLinesInOneCall(CdpTestContext cdp) {
    cdp.loadProfiles("fixtures/profiles.jsonl").loadEvents("fixtures/events.jsonl");
    cdp.segments().save("spenders", "event \"purchase\" sum of amount >= 50");
    assertThat(cdp.profile("p-1001")).hasAttribute("first_name", "Ann").hasAttribute("age", 25);
    assertThat(cdp.segment("spenders")).hasMembers("p-1001");
    assertThat(cdp.cdp().countEvents()).isEqualTo(3);
  }

  @Test
  void aBadFixtureLineFailsWithItsLineAndStoresNothing(CdpTestContext cdp) {
    cdp.loadProfiles("fixtures/profiles.jsonl");
    assertThatThrownBy(() -> cdp.loadEvents("fixtures/bad-events.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad-events.jsonl")
        .hasMessageContaining("line 2: Invalid profile_id");
    assertThat(cdp.cdp().countEvents()).isZero();
    assertThatThrownBy(() -> cdp.loadEvents("fixtures/missing.jsonl")).hasMessageContaining("No fixture fixtures/missing.jsonl");
  }
}

package io.cdpkit.test;

import static io.cdpkit.test.CdpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

@CdpTest(start = "2026-06-15T12:00:00Z", zone = "Europe/Amsterdam")
final class CdpExtensionTest {
  private Cdp injectedCdp;
  private CdpTestContext injectedContext;

  @Test
  void injectsOneContextIntoFieldsAndParameters(CdpTestContext cdp, Cdp plain, Segments segments, TestClock clock) {
    assertThat(plain).isSameAs(cdp.cdp()).isSameAs(injectedCdp);
    assertThat(injectedContext).isSameAs(cdp);
    assertThat(segments).isSameAs(cdp.segments());
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-06-15T12:00:00Z"));
    assertThat(plain.zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
  }

  @Test
  void eachTestStartsEmpty(Cdp cdp) {
    assertThat(cdp.countProfiles()).isZero();
    cdp.identify(Identify.builder().email("ann@example.com").build());
  }

  @Test
  void advancingTimeRefreshesSegments(CdpTestContext cdp) {
    cdp.segments().save("recent", "event \"purchase\" in the last 7 days");
    Profile ann = cdp.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").build());
    Instant start = cdp.now();
    cdp.cdp().track(Track.builder("purchase").profileId("ann").build());
    assertThat(cdp.segment("recent")).hasMembers("ann").enteredSince(start, "ann");
    cdp.advance(Duration.ofDays(8));
    assertThat(cdp.segment("recent")).hasMemberCount(0).exitedSince(start, "ann");
    assertThat(ann).hasIdentifier(Identifier.email("ann@example.com"));
  }

  @Test
  void timeMovesRegisteredEngines(CdpTestContext cdp) {
    StringBuilder ran = new StringBuilder();
    cdp.onTimeMoved(now -> ran.append(now));
    cdp.advance(Duration.ofHours(1));
    assertThat(ran.toString()).isEqualTo("2026-06-15T13:00:00Z");
  }

  @Test
  void profileAssertions(CdpTestContext cdp) {
    cdp.segments().save("young", "age < 30");
    Profile ann = cdp.cdp().identify(Identify.builder().profileId("ann").set("age", 25).set("city", "Utrecht").build());
    cdp.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, cdp.now(), "form"));
    assertThat(cdp.profile("ann"))
        .hasAttribute("age", 25)
        .hasAttribute("city", "Utrecht")
        .doesNotHaveAttribute("name")
        .hasConsent("email", ConsentStatus.GRANTED, cdp.now())
        .isInSegment(cdp.segments(), "young");
    assertThatThrownBy(() -> assertThat(ann).hasAttribute("age", 26))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected profile ann to have attribute age = 26 but it was 25");
    assertThatThrownBy(() -> assertThat(ann).isNotInSegment(cdp.segments(), "young"))
        .hasMessageContaining("not to be in segment young");
    assertThatThrownBy(() -> assertThat(cdp.segment("young")).hasMembers("bob"))
        .hasMessageContaining("Expected segment young to have members [bob] but it has [ann]");
  }
}

package io.cdpkit.test;

import static io.cdpkit.test.CdpAssertions.assertThat;

import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Fifty independent tests, run concurrently: no context leaks between them. */
@CdpTest
@Execution(ExecutionMode.CONCURRENT)
final class ParallelFiftyTest {

  @RepeatedTest(50)
  void eachTestHasItsOwnCdp(CdpTestContext cdp, RepetitionInfo repetition) {
    int n = repetition.getCurrentRepetition();
    cdp.segments().save("buyers", "event \"purchase\" at least 2 in the last 3 days");
    for (int i = 0; i <= n % 5; i++) {
      cdp.cdp().identify(Identify.builder().profileId("p" + i).email("p" + i + "@x.y").build());
      cdp.cdp().track(Track.builder("purchase").profileId("p" + i).build());
      cdp.cdp().track(Track.builder("purchase").profileId("p" + i).build());
    }
    assertThat(cdp.segment("buyers")).hasMemberCount(n % 5 + 1);
    cdp.advance(Duration.ofDays(4));
    assertThat(cdp.segment("buyers")).hasMemberCount(0);
  }
}

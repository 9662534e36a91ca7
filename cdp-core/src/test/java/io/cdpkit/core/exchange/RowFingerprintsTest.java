package io.cdpkit.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** An import's memory of the rows it read: each fingerprint is new once, however many are kept. */
final class RowFingerprintsTest {

  @Test
  void aFingerprintIsNewOnlyTheFirstTime_throughGrowth() {
    RowFingerprints seen = new RowFingerprints();
    // Zero, negatives, values alike in their low bits (the same slot first) and values alike in
    // their top bits (the same table).
    long[] values = LongStream.concat(
            LongStream.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE),
            LongStream.range(1, 50_000).flatMap(i -> LongStream.of(i << 40, i, i * 0x9E3779B97F4A7C15L)))
        .distinct().toArray();

    for (long value : values) {
      assertThat(seen.add(value)).as("first add of %d", value).isTrue();
    }
    for (long value : values) {
      assertThat(seen.add(value)).as("second add of %d", value).isFalse();
    }
  }

  @Test
  void equalTextsHaveEqualFingerprints_differentTextsDifferentOnes() {
    assertThat(RowFingerprints.of("{\"type\": \"purchase\"}")).isEqualTo(RowFingerprints.of("{\"type\": \"purchase\"}"));
    assertThat(RowFingerprints.of("a,b")).isNotEqualTo(RowFingerprints.of("b,a"));
  }
}

package io.cdpkit.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class DueWorkThreadTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  @Test
  void start_runsTheWorkRepeatedlyAtTheClocksInstant() throws InterruptedException {
    CountDownLatch rounds = new CountDownLatch(3);
    AtomicBoolean otherInstant = new AtomicBoolean();
    try (DueWorkThread scheduler = new DueWorkThread(TestClock.at(NOW), now -> {
      otherInstant.compareAndSet(false, !now.equals(NOW));
      rounds.countDown();
    })) {
      scheduler.start(Duration.ofMillis(1));

      assertThat(rounds.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(otherInstant).isFalse();
    }
  }

  @Test
  void aFailingRound_doesNotStopTheNext() throws InterruptedException {
    CountDownLatch rounds = new CountDownLatch(2);
    try (DueWorkThread scheduler = new DueWorkThread(TestClock.at(NOW), now -> {
      rounds.countDown();
      throw new IllegalStateException("store unavailable");
    })) {
      scheduler.start(Duration.ofMillis(1));

      assertThat(rounds.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void close_waitsForTheRoundInProgressAndRunsNoMore() throws InterruptedException {
    CountDownLatch inRound = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    DueWorkThread scheduler = new DueWorkThread(TestClock.at(NOW), now -> {
      rounds.incrementAndGet();
      inRound.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finished.set(true);
    });
    scheduler.start(Duration.ofMillis(1));
    assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      release.countDown();
    });
    releaser.start();
    scheduler.close();

    assertThat(finished).as("close returned before the round ended").isTrue();
    assertThat(rounds.get()).isEqualTo(1);
    assertThat(scheduler.running()).isFalse();
  }

  @Test
  void start_twice_isRefused() {
    try (DueWorkThread scheduler = new DueWorkThread(TestClock.at(NOW), now -> { })) {
      scheduler.start(Duration.ofSeconds(1));

      assertThatThrownBy(() -> scheduler.start(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}

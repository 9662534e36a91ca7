package io.cdpkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.WorkflowEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

final class CdpAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CdpAutoConfiguration.class, CdpHealthAutoConfiguration.class));

  @Test
  void noProperties_inMemoryPlatformInUtcWithSchedulerAndHealth() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(CdpPlatform.class).hasSingleBean(Cdp.class)
          .hasSingleBean(Segments.class).hasSingleBean(WorkflowEngine.class)
          .hasSingleBean(CdpDueWorkScheduler.class).hasSingleBean(CdpHealthIndicator.class);
      assertThat(context.getBean(Cdp.class).zone()).isEqualTo(ZoneId.of("UTC"));
      assertThat(context.getBean(CdpDueWorkScheduler.class).isRunning()).isTrue();
      assertThat(context.getBean(CdpHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void sqlitePathAndZone_keepTheDataInThatFileAcrossRestarts(@TempDir Path dir) {
    Path file = dir.resolve("cdp.db");
    ApplicationContextRunner sqlite = runner.withPropertyValues(
        "cdp.store.type=sqlite", "cdp.store.sqlite-path=" + file, "cdp.zone=Europe/Amsterdam");
    sqlite.run(context -> {
      assertThat(context.getBean(Cdp.class).zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
      context.getBean(Cdp.class).identify(Identify.builder().email("ann@example.com").build());
    });
    assertThat(Files.exists(file)).isTrue();
    sqlite.run(context -> assertThat(context.getBean(Cdp.class)
        .findProfile(Identifier.email("ann@example.com"))).isPresent());
  }

  @Test
  void datasourceStoreWithoutDataSource_failsNamingWhatIsMissing() {
    runner.withPropertyValues("cdp.store.type=datasource").run(context -> assertThat(context)
        .getFailure().rootCause().hasMessageContaining("cdp.store.type=datasource needs a DataSource bean"));
  }

  @Test
  void instanceId_namesThisInstanceInItsPostgresClaims() {
    runner.withPropertyValues("cdp.store.instance-id= pod-1 ").run(context -> {
      CdpProperties.Store store = context.getBean(CdpProperties.class).store();
      assertThat(PlatformStores.Postgres.options(store).instanceId()).isEqualTo("pod-1");
    });
    runner.run(context -> assertThat(
        PlatformStores.Postgres.options(context.getBean(CdpProperties.class).store()).instanceId())
        .as("a new random name per start").isNull());
  }

  @Test
  void noAutomaticMergePreset_keepsTwoIdentifiersOfOnePersonApart() {
    runner.withPropertyValues("cdp.identity.preset=no-automatic-merge").run(context -> {
      Cdp cdp = context.getBean(Cdp.class);
      cdp.identify(Identify.builder().email("ann@example.com").build());
      cdp.identify(Identify.builder().userId("u-1").build());
      cdp.identify(Identify.builder().email("ann@example.com").userId("u-1").build());
      assertThat(cdp.countProfiles()).isEqualTo(2);
    });
  }

  @Test
  void meterRegistry_countsIngestionTransitionsAndRounds() {
    runner.withPropertyValues("cdp.scheduler.enabled=false")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          CdpPlatform platform = context.getBean(CdpPlatform.class);
          platform.segments().save("buyers", "event \"purchase\"");
          platform.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").build());
          platform.cdp().track(Track.builder("purchase").profileId("ann").build());
          platform.runDue(platform.cdp().clock().instant());

          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get("cdp.events.ingested").counter().count()).isEqualTo(1);
          assertThat(registry.get("cdp.segments.transitions").tag("kind", "entered").counter().count())
              .isEqualTo(1);
          assertThat(registry.get("cdp.duework.rounds").timer().count()).isEqualTo(1);
          assertThat(registry.get("cdp.segments.refresh").timer().count()).isEqualTo(1);
          assertThat(registry.get("cdp.duework.lag").timeGauge().value(TimeUnit.MILLISECONDS)).isNotNegative();
          assertThat(registry.get("cdp.events.rejected").counter().count()).isZero();
        });
  }

  @Test
  void schedulerDisabled_noSchedulerAndHealthSaysSo() {
    runner.withPropertyValues("cdp.scheduler.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(CdpDueWorkScheduler.class);
      assertThat(context.getBean(CdpHealthIndicator.class).health().getDetails())
          .containsEntry("scheduler", "off");
    });
  }

  @Test
  void schedulerLagBeyondMax_healthIsDown() {
    TestClock clock = TestClock.at(Instant.parse("2026-06-15T12:00:00Z"));
    runner.withPropertyValues("cdp.scheduler.period=1h", "cdp.scheduler.max-lag=5m")
        .withBean(CdpPlatformBuilderCustomizer.class, () -> builder -> builder.clock(clock))
        .withBean(TaskScheduler.class, LateTaskScheduler::new)
        .run(context -> {
          CdpHealthIndicator health = context.getBean(CdpHealthIndicator.class);
          clock.advance(Duration.ofMinutes(4));
          assertThat(health.health().getStatus()).isEqualTo(Status.UP);
          clock.advance(Duration.ofMinutes(2));
          assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.health().getDetails()).containsEntry("schedulerLag", "PT6M");
        });
  }

  @Test
  void contextClose_stopsTheSchedulerBeforeClosingThePlatform() {
    CdpDueWorkScheduler[] scheduler = new CdpDueWorkScheduler[1];
    runner.run(context -> scheduler[0] = context.getBean(CdpDueWorkScheduler.class));
    assertThat(scheduler[0].isRunning()).isFalse();
  }

  @Test
  void applicationPlatform_replacesTheAutoConfiguredOne() {
    runner.withBean(CdpPlatform.class, CdpPlatform::inMemory).run(context -> assertThat(context)
        .hasSingleBean(CdpPlatform.class));
  }

  /**
   * Starts the first round a day of real time away. The scheduler's own first round would
   * otherwise run on its thread at an unknown moment, possibly after the test moved the clock, and
   * reset the lag the test reads.
   */
  static final class LateTaskScheduler extends ThreadPoolTaskScheduler {
    private static final long serialVersionUID = 1L;

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
      return super.scheduleWithFixedDelay(task, Instant.now().plus(Duration.ofDays(1)), delay);
    }
  }
}

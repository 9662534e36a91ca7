package io.cdpkit.spring.boot;

import io.cdpkit.core.Cdp;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Builds one {@link CdpPlatform} from the {@code cdp.*} and {@code spring.mail.*} properties, with
 * the application's {@code DataSource} and {@code MeterRegistry} where it has them, and exposes its
 * {@link Cdp}, {@link Segments} and {@link WorkflowEngine} as beans. The context closes the
 * platform (and so the store) after the scheduler has stopped. A {@code CdpPlatform} bean of the
 * application's own replaces all of this.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration"})
@EnableConfigurationProperties({CdpProperties.class, MailProperties.class})
public class CdpAutoConfiguration {

  /** The platform, built from the properties, then the application's customizers. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public CdpPlatform cdpPlatform(
      CdpProperties properties,
      MailProperties mail,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<CdpPlatformBuilderCustomizer> customizers) {
    CdpPlatform.Builder builder = CdpPlatform.builder()
        .storage(PlatformStores.open(properties.store(), dataSource.getIfUnique()))
        .zone(properties.zone())
        .identityRules(properties.identity().preset().rules());
    SpringMailSenders.create(mail, properties.mail()).ifPresent(builder::emailSender);
    if (!properties.http().allowedHosts().isEmpty()) {
      builder.httpClient(HttpClientStepClient.create(HttpStepOptions.builder()
          .allowHosts(properties.http().allowedHosts().toArray(String[]::new))
          .build()));
    }
    meterRegistry.ifUnique(builder::meterRegistry);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** The platform's profiles, events and identity; closed with the platform, not on its own. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Cdp cdp(CdpPlatform platform) {
    return platform.cdp();
  }

  /** The platform's segments; closed with the platform. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Segments cdpSegments(CdpPlatform platform) {
    return platform.segments();
  }

  /** The platform's workflow engine; closed with the platform. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public WorkflowEngine cdpWorkflows(CdpPlatform platform) {
    return platform.workflows();
  }

  /**
   * Runs the due work on the application's {@code TaskScheduler}, or on a one-thread scheduler of
   * its own when the application has none. {@code cdp.scheduler.enabled=false} turns it off.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "cdp.scheduler", name = "enabled", matchIfMissing = true)
  public CdpDueWorkScheduler cdpDueWorkScheduler(
      CdpPlatform platform, CdpProperties properties, ObjectProvider<TaskScheduler> taskScheduler) {
    TaskScheduler scheduler = taskScheduler.getIfUnique(CdpAutoConfiguration::ownScheduler);
    return new CdpDueWorkScheduler(platform, scheduler, properties.scheduler().period());
  }

  private static TaskScheduler ownScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("cdp-due-work-");
    scheduler.setDaemon(true);
    scheduler.setWaitForTasksToCompleteOnShutdown(true);
    scheduler.initialize();
    return scheduler;
  }
}

package io.cdpkit.spring.boot;

import io.cdpkit.platform.CdpPlatform;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code cdp} health indicator, when the application has Spring Boot Actuator. */
@AutoConfiguration(after = CdpAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(CdpPlatform.class)
public class CdpHealthAutoConfiguration {

  /** Store reachable, scheduler lag and failed enrollments, at {@code /actuator/health/cdp}. */
  @Bean
  @ConditionalOnMissingBean(name = "cdpHealthIndicator")
  public CdpHealthIndicator cdpHealthIndicator(
      CdpPlatform platform, CdpProperties properties, ObjectProvider<CdpDueWorkScheduler> scheduler) {
    return new CdpHealthIndicator(platform, scheduler.getIfUnique(), properties.scheduler().maxLag());
  }
}

package io.cdpkit.spring.boot;

import io.cdpkit.core.tracking.TrackingMessages;
import io.cdpkit.platform.CdpPlatform;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The tracking endpoint, when {@code cdp.tracking.enabled=true} in a Spring MVC application. */
@AutoConfiguration(after = CdpAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "cdp.tracking", name = "enabled", havingValue = "true")
@ConditionalOnBean(CdpPlatform.class)
public class CdpTrackingAutoConfiguration {

  /**
   * The endpoint at {@code cdp.tracking.path}.
   *
   * @throws IllegalStateException when {@code cdp.tracking.write-key} is not set
   */
  @Bean
  public CdpTrackingController cdpTrackingController(
      CdpPlatform platform, CdpProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
    String writeKey = properties.tracking().writeKey();
    if (writeKey == null || writeKey.isBlank()) {
      throw new IllegalStateException(
          "cdp.tracking.enabled=true needs cdp.tracking.write-key: the endpoint accepts no message without it");
    }
    return new CdpTrackingController(TrackingMessages.of(platform.cdp()), writeKey, meterRegistry.getIfUnique());
  }
}

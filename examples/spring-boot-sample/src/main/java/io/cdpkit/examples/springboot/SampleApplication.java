package io.cdpkit.examples.springboot;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A shop that embeds CDPKit: the starter builds the platform from {@code application.properties},
 * the tracking endpoint takes the shop's events, and this class only says what to do with them:
 * everyone who completes an order enters the segment {@code buyers} and gets a thank-you email.
 */
@SpringBootApplication
public class SampleApplication {

  /** Starts the shop. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }

  /** Saves the segment and the workflow once; a restart on a kept store finds them there. */
  @Bean
  ApplicationRunner buyersGetAThankYou(CdpPlatform platform) {
    return args -> {
      if (platform.segments().find("buyers").isEmpty()) {
        platform.segments().save("buyers", "event \"Order Completed\"");
      }
      if (platform.workflows().find("thank-you").isEmpty()) {
        platform.workflows().save(Workflow.builder("thank-you")
            .trigger(Trigger.enteredSegment("buyers"))
            .step(new Step.SendEmail("thanks", "thanks", "$identifier.email", "shop@example.com",
                "Thank you, {{name}}", "<p>Thank you for your order, {{name}}.</p>", null,
                List.of(MergeTag.of("name", "first_name", "there"))))
            .build());
      }
    };
  }
}

package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workflows part of the demo: the product guides' "three welcome emails for every new
 * registration" (a purchase is the goal and ends the series) and "remind ticket buyers one hour
 * before the festival starts", run on simulated time (the platform's clock must be a {@link
 * TestClock}) by the platform's due work, printing each send and the conversion figures. On a
 * database where an earlier run already ran them, it says so and prints the figures.
 */
final class WorkflowStory {
  static final String WELCOME = "welcome-emails";
  static final String REMINDER = "festival-reminder";

  private final CdpPlatform platform;
  private final Cdp cdp;
  private final PrintStream out;
  private final TestClock clock;

  /**
   * The story on {@code platform}, whose senders print each send.
   *
   * @throws IllegalArgumentException when the platform's clock is not a TestClock
   */
  WorkflowStory(CdpPlatform platform, PrintStream out) {
    this.platform = platform;
    this.cdp = platform.cdp();
    this.out = out;
    if (!(cdp.clock() instanceof TestClock testClock)) {
      throw new IllegalArgumentException(
          "WorkflowStory moves simulated time: build the platform with CdpPlatform.builder().clock(TestClock)");
    }
    this.clock = testClock;
  }

  void run() {
    out.println();
    out.println("== Workflows");
    WorkflowEngine engine = platform.workflows();
    if (!engine.enrollments(WELCOME).isEmpty()) {
      out.println("(the workflows ran on an earlier run of the demo on this database; nothing new to send)");
      out.println(engine.figures(WELCOME));
      out.println(engine.figures(REMINDER));
      return;
    }
    engine.save(welcome());
    engine.save(reminder());
    String ann = person("ann.workflow@example.com", "+31600000101", "Ann");
    String bob = person("bob.workflow@example.com", "+31600000102", "Bob");
    Instant festivalStart = clock.instant().plus(Duration.ofDays(3));

    out.println("-- day 0: Ann and Bob register; Bob buys a ticket for The Festival 2018");
    track(ann, "registered");
    track(bob, "registered");
    cdp.track(Track.builder("ticket_bought").eventId("workflow-demo-ticket-" + bob).profileId(bob)
        .property("festival", "The Festival 2018")
        .property("event_start", festivalStart.toString()).build());
    platform.runDue(clock.instant());
    for (int day = 1; day <= 5; day++) {
      clock.advance(Duration.ofDays(1));
      out.println("-- day " + day);
      if (day == 1) {
        track(ann, "purchase");
        out.println("   (Ann buys something: the welcome workflow's goal, so her welcome emails stop)");
      }
      if (day == 3) {
        clock.setTo(festivalStart.minus(Duration.ofHours(1)));
        out.println("-- one hour before the festival starts");
      }
      platform.runDue(clock.instant());
    }
    out.println(engine.figures(WELCOME));
    out.println(engine.figures(REMINDER));
  }

  private static Workflow welcome() {
    List<MergeTag> tags = List.of(MergeTag.of("first_name", "first_name", "there"));
    return Workflow.builder(WELCOME)
        .trigger(Trigger.eventAdded("registered"))
        .consent(ConsentRule.channel("email"))
        .goal(Goal.event("purchase", null), true)
        .step(mail("welcome-1", "Welcome, {{first_name}}!", tags))
        .step(Step.waitFor("after-1", Duration.ofDays(2)))
        .step(mail("welcome-2", "{{first_name}}, here is how it works", tags))
        .step(Step.waitFor("after-2", Duration.ofDays(2)))
        .step(mail("welcome-3", "Last tip for you, {{first_name}}", tags))
        .build();
  }

  private static Step.SendEmail mail(String id, String subject, List<MergeTag> tags) {
    return new Step.SendEmail(
        id, id, "$identifier.email", null, subject, "<p>Hello {{first_name}}</p>", null, tags);
  }

  private static Workflow reminder() {
    return Workflow.builder(REMINDER)
        .trigger(
            Trigger.eventAdded("ticket_bought")
                .wherePropertyEquals("festival", "The Festival 2018"))
        .consent(ConsentRule.channel("sms"))
        .step(Step.waitUntil("one-hour-before", "1 hour before event.event_start"))
        .step(new Step.SendMessage(
            "remind", "sms", "festival-reminder", "$identifier.phone",
            "{{first_name}}, {{festival}} starts in one hour!",
            List.of(
                MergeTag.of("first_name", "first_name", "there"),
                MergeTag.of("festival", "event.festival", "the festival"))))
        .build();
  }

  private String person(String email, String phone, String firstName) {
    String id =
        cdp.identify(Identify.builder().email(email).phone(phone).set("first_name", firstName)
            .build()).id();
    for (String channel : List.of("email", "sms")) {
      cdp.recordConsent(
          id, ConsentChange.of(channel, ConsentStatus.GRANTED, clock.instant(), "demo"));
    }
    return id;
  }

  private void track(String profileId, String type) {
    cdp.track(Track.builder(type).eventId("workflow-demo-" + type + "-" + profileId).profileId(profileId).build());
  }
}

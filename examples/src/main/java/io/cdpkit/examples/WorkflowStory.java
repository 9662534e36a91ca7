package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.channel.ConsoleEmailSender;
import io.cdpkit.workflows.channel.ConsoleMessageSender;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The workflows part of the demo: the product guides' "three welcome emails for every new
 * registration" and "remind ticket buyers one hour before the festival starts", run on simulated
 * time (the Cdp's clock must be a {@link TestClock}), printing each send and the conversion
 * figures.
 */
final class WorkflowStory {
  static final String WELCOME = "welcome-emails";
  static final String REMINDER = "festival-reminder";

  private final Cdp cdp;
  private final Segments segments;
  private final PrintStream out;
  private final TestClock clock;
  private final EnrollmentStore store;

  /** The story with enrollments in memory. */
  WorkflowStory(Cdp cdp, Segments segments, PrintStream out) {
    this(cdp, segments, out, new InMemoryEnrollmentStore());
  }

  /**
   * The story with enrollments in {@code store} (the demo passes the SQLite file's).
   *
   * @throws IllegalArgumentException when the Cdp's clock is not a TestClock
   */
  WorkflowStory(Cdp cdp, Segments segments, PrintStream out, EnrollmentStore store) {
    this.cdp = cdp;
    this.segments = segments;
    this.out = out;
    this.store = store;
    if (!(cdp.clock() instanceof TestClock testClock)) {
      throw new IllegalArgumentException(
          "WorkflowStory moves simulated time: build the Cdp with Cdp.builder().clock(TestClock)");
    }
    this.clock = testClock;
  }

  void run() {
    out.println();
    out.println("== Workflows");
    try (WorkflowEngine engine =
        WorkflowEngine.builder(cdp, segments)
            .store(store)
            .emailSender(new ConsoleEmailSender(out))
            .messageSender(new ConsoleMessageSender(out))
            .build()) {
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
      engine.runDue(clock.instant());
      for (int day = 1; day <= 5; day++) {
        clock.advance(Duration.ofDays(1));
        out.println("-- day " + day);
        if (day == 1) {
          track(ann, "purchase");
          out.println("   (Ann buys something: the welcome workflow's goal)");
        }
        if (day == 3) {
          clock.setTo(festivalStart.minus(Duration.ofHours(1)));
          out.println("-- one hour before the festival starts");
        }
        engine.runDue(clock.instant());
      }
      out.println(engine.figures(WELCOME));
      out.println(engine.figures(REMINDER));
    }
  }

  private static Workflow welcome() {
    List<MergeTag> tags = List.of(MergeTag.of("first_name", "first_name", "there"));
    return Workflow.builder(WELCOME)
        .trigger(Trigger.eventAdded("registered"))
        .consent(ConsentRule.channel("email"))
        .goal(Goal.event("purchase", null), false)
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

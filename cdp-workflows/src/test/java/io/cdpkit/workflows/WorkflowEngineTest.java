package io.cdpkit.workflows;

import static io.cdpkit.workflows.EngineFixture.email;
import static io.cdpkit.workflows.EngineFixture.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Identify;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.SendRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class WorkflowEngineTest {
  /** Stands for the process dying inside a sender. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  private final EngineFixture f = new EngineFixture();

  @AfterEach
  void close() {
    f.close();
  }

  static Workflow welcome() {
    return Workflow.builder("welcome")
        .trigger(Trigger.eventAdded("registered"))
        .consent(ConsentRule.channel("email"))
        .goal(Goal.event("purchase", null), false)
        .step(email("welcome-1", "Welcome, {{first_name}}"))
        .step(Step.waitFor("pause-1", Duration.ofDays(2)))
        .step(email("welcome-2", "Getting started"))
        .step(Step.waitFor("pause-2", Duration.ofDays(3)))
        .step(email("welcome-3", "Tips"))
        .build();
  }

  static Workflow festival() {
    return Workflow.builder("festival-reminder")
        .trigger(
            Trigger.eventAdded("ticket_bought")
                .wherePropertyEquals("festival", "The Festival 2018"))
        .consent(ConsentRule.channel("sms"))
        .step(Step.waitUntil("until-start", "1 hour before event.event_start"))
        .step(sms("remind", "{{first_name}}, {{festival}} starts in one hour!"))
        .build();
  }

  @Test
  void threeWelcomeEmails_areSentOverFiveDays() {
    f.engine.save(welcome());
    String ann = f.person("ann@example.com");
    f.track(ann, "registered", Map.of());

    assertThat(f.run().enrolled()).isEqualTo(1);
    assertThat(f.email.sendCount()).isEqualTo(1);
    assertThat(f.email.lastRequest().subject()).isEqualTo("Welcome, ann");
    assertThat(f.email.lastRequest().headers()).containsEntry("X-Template-Id", "tpl-welcome-1");
    f.advance(Duration.ofDays(1));
    assertThat(f.email.sendCount()).isEqualTo(1);
    f.advance(Duration.ofDays(1));
    assertThat(f.email.sendCount()).isEqualTo(2);
    f.advance(Duration.ofDays(3));
    assertThat(f.email.sendCount()).isEqualTo(3);
    assertThat(f.only("welcome").state()).isEqualTo(EnrollmentState.COMPLETED);
    assertThat(f.email.hasDuplicateKeys()).isFalse();
    ConversionFigures figures = f.engine.figures("welcome");
    assertThat(figures.entered()).isEqualTo(1);
    assertThat(figures.completed()).isEqualTo(1);
    assertThat(figures.converted()).isZero();
  }

  @Test
  void festivalReminder_isSentOneHourBeforeTheStart() {
    f.engine.save(festival());
    String bob = f.person("bob@example.com");
    Instant start = f.clock.instant().plus(Duration.ofDays(2));
    f.track(bob, "ticket_bought",
        Map.of("festival", "The Festival 2018", "event_start", start.toString()));
    f.track(bob, "ticket_bought",
        Map.of("festival", "Other fest", "event_start", start.toString()));
    f.run();
    assertThat(f.engine.enrollments("festival-reminder")).hasSize(1);
    assertThat(f.messages.sendCount()).isZero();
    f.clock.setTo(start.minus(Duration.ofHours(1)).minusSeconds(1));
    f.run();
    assertThat(f.messages.sendCount()).isZero();
    f.advance(Duration.ofSeconds(1));
    ChannelMessage sent = f.messages.lastRequest();
    assertThat(sent.text()).isEqualTo("bob, The Festival 2018 starts in one hour!");
    assertThat(sent.channel()).isEqualTo("sms");
  }

  @Test
  void waitUntilTime_inThePast_goesOnAtOnce() {
    f.engine.save(festival());
    String bob = f.person("bob@example.com");
    f.track(bob, "ticket_bought",
        Map.of("festival", "The Festival 2018", "event_start", "2020-01-01T10:00:00Z"));
    f.run();
    assertThat(f.messages.sendCount()).isEqualTo(1);
  }

  @Test
  void eventTrigger_withFilter_firesOnlyWhereItHolds() {
    f.engine.save(
        Workflow.builder("big-buyers")
            .trigger(Trigger.eventAdded("purchase").whereFilter("amount > 50"))
            .step(email("thanks", "Thanks"))
            .build());
    String ann = f.person("ann@example.com");
    f.track(ann, "purchase", Map.of("amount", 20));
    f.run();
    assertThat(f.email.sendCount()).isZero();
    f.track(ann, "purchase", Map.of("amount", 80));
    f.run();
    assertThat(f.email.sendCount()).isEqualTo(1);
  }

  @Test
  void segmentTriggers_fireOnlyForTransitionsAfterEnabling() {
    f.segments.save("pros", "plan = \"pro\"");
    String inside = f.person("in@example.com", Map.of("plan", "pro"));
    f.engine.save(
        Workflow.builder("pro-welcome")
            .trigger(Trigger.enteredSegment("pros"))
            .step(email("hello", "Hello pro"))
            .build());
    f.engine.save(
        Workflow.builder("pro-bye")
            .trigger(Trigger.leftSegment("pros"))
            .step(email("bye", "Bye pro"))
            .build());
    f.run();
    assertThat(f.engine.enrollmentsOf(inside)).isEmpty();

    String later = f.person("later@example.com", Map.of("plan", "free"));
    f.cdp.identify(Identify.builder().profileId(later).set("plan", "pro").build());
    f.run();
    assertThat(f.engine.enrollments("pro-welcome")).extracting(Enrollment::profileId)
        .containsExactly(later);
    f.cdp.identify(Identify.builder().profileId(inside).set("plan", "free").build());
    f.run();
    assertThat(f.engine.enrollments("pro-bye")).extracting(Enrollment::profileId)
        .containsExactly(inside);
    assertThatThrownBy(() -> f.segments.delete("pros")).hasMessageContaining("workflow:");
  }

  @Test
  void waitUntilEvent_takesTheEventPathOrTheTimeoutPath() {
    f.engine.save(
        Workflow.builder("nudge")
            .trigger(Trigger.eventAdded("cart"))
            .step(
                new Step.WaitUntilEvent(
                    "wait-buy", "purchase", Duration.ofDays(1),
                    List.of(email("thanks", "Thanks")),
                    List.of(email("reminder", "Forgot something?"))))
            .step(email("after", "After"))
            .build());
    String ann = f.person("ann@example.com");
    String bob = f.person("bob@example.com");
    f.track(ann, "cart", Map.of());
    f.track(bob, "cart", Map.of());
    f.run();
    f.clock.advance(Duration.ofHours(2));
    f.track(ann, "purchase", Map.of());
    f.run();
    assertThat(f.email.requests()).extracting(EmailMessage::subject)
        .containsExactly("Thanks", "After");
    f.advance(Duration.ofDays(1));
    assertThat(f.email.requests()).extracting(EmailMessage::subject)
        .containsExactly("Thanks", "After", "Forgot something?", "After");
  }

  @Test
  void branch_followsTheSegmentExpression() {
    f.engine.save(
        Workflow.builder("split")
            .trigger(Trigger.eventAdded("signup"))
            .step(
                new Step.Branch(
                    "is-vip", "vip = true",
                    List.of(email("vip", "VIP")), List.of(email("regular", "Regular"))))
            .build());
    f.track(f.person("ann@example.com", Map.of("vip", true)), "signup", Map.of());
    f.track(f.person("bob@example.com", Map.of("vip", false)), "signup", Map.of());
    f.run();
    assertThat(f.email.requests()).extracting(EmailMessage::subject)
        .containsExactlyInAnyOrder("VIP", "Regular");
  }

  @Test
  void goal_withExit_stopsBeforeTheNextStep_andCountsAsConverted() {
    f.engine.save(welcome().toBuilder().goal(Goal.event("purchase", null), true).build());
    String ann = f.person("ann@example.com");
    String bob = f.person("bob@example.com");
    f.track(ann, "registered", Map.of());
    f.track(bob, "registered", Map.of());
    f.run();
    f.clock.advance(Duration.ofDays(1));
    f.track(ann, "purchase", Map.of());
    f.advance(Duration.ofDays(1));
    f.advance(Duration.ofDays(3));
    assertThat(f.email.sendCount()).isEqualTo(4);
    ConversionFigures figures = f.engine.figures("welcome");
    assertThat(figures.entered()).isEqualTo(2);
    assertThat(figures.exitedOnGoal()).isEqualTo(1);
    assertThat(figures.completed()).isEqualTo(1);
    assertThat(figures.converted()).isEqualTo(1);
    assertThat(figures.conversionPercent()).isEqualTo(50.0);
  }

  @Test
  void consent_isCheckedOnEntry_andBeforeEachSend() {
    f.engine.save(welcome());
    String ann = f.person("ann@example.com");
    String bob = f.person("bob@example.com");
    f.deny(bob, "email");
    f.track(ann, "registered", Map.of());
    f.track(bob, "registered", Map.of());
    f.run();
    assertThat(f.engine.enrollmentsOf(bob)).isEmpty();
    f.deny(ann, "email");
    f.advance(Duration.ofDays(2));
    f.advance(Duration.ofDays(3));
    assertThat(f.email.sendCount()).isEqualTo(1);
    Enrollment enrollment = f.only("welcome");
    assertThat(enrollment.state()).isEqualTo(EnrollmentState.COMPLETED);
    assertThat(f.engine.sends(enrollment.id()))
        .filteredOn(r -> r.status() == SendRecord.Status.SKIPPED)
        .extracting(SendRecord::detail)
        .containsOnly("not reachable on email: CONSENT_DENIED")
        .hasSize(2);
  }

  @Test
  void quietHours_holdUntilMorning_orSkip() {
    SendPolicy.QuietHours hold =
        new SendPolicy.QuietHours(
            LocalTime.of(21, 0), LocalTime.of(8, 0), "timezone", ZoneId.of("UTC"),
            SendPolicy.QuietAction.HOLD);
    f.engine.save(
        Workflow.builder("late")
            .trigger(Trigger.eventAdded("visit"))
            .sendPolicy(SendPolicy.none().withQuietHours(hold))
            .step(email("hi", "Hi"))
            .build());
    f.engine.save(
        Workflow.builder("late-skip")
            .trigger(Trigger.eventAdded("visit"))
            .sendPolicy(SendPolicy.none().withQuietHours(
                new SendPolicy.QuietHours(hold.from(), hold.to(), "timezone", ZoneId.of("UTC"),
                    SendPolicy.QuietAction.SKIP)))
            .step(email("hi2", "Skipped"))
            .build());
    // 10:00 UTC is 19:00 in Tokyo, 23:00 in Tokyo an hour... use a zone where it is night
    String ann = f.person("ann@example.com", Map.of("first_name", "ann", "timezone", "Asia/Tokyo"));
    f.clock.setTo(Instant.parse("2024-05-01T13:00:00Z")); // 22:00 in Tokyo
    f.track(ann, "visit", Map.of());
    f.run();
    assertThat(f.email.sendCount()).isZero();
    assertThat(f.engine.enrollments("late-skip").get(0).state())
        .isEqualTo(EnrollmentState.COMPLETED);
    f.clock.setTo(Instant.parse("2024-05-01T22:59:00Z")); // 07:59 in Tokyo
    f.run();
    assertThat(f.email.sendCount()).isZero();
    f.advance(Duration.ofMinutes(1));
    assertThat(f.email.requests()).extracting(EmailMessage::subject).containsExactly("Hi");
  }

  @Test
  void frequencyCap_countsSendsOfEveryWorkflow() {
    SendPolicy cap = SendPolicy.none().withCap(
        new SendPolicy.FrequencyCap("email", 2, Duration.ofDays(7)));
    for (String name : List.of("one", "two", "three")) {
      f.engine.save(
          Workflow.builder(name)
              .trigger(Trigger.eventAdded("visit"))
              .sendPolicy(cap)
              .step(email("mail-" + name, name))
              .build());
    }
    String ann = f.person("ann@example.com");
    f.track(ann, "visit", Map.of());
    f.run();
    assertThat(f.email.sendCount()).isEqualTo(2);
    assertThat(f.engine.enrollmentsOf(ann))
        .flatExtracting(e -> f.engine.sends(e.id()))
        .extracting(SendRecord::detail)
        .contains("frequency cap: at most 2 email per PT168H");
  }

  @Test
  void retryableFailures_areRetriedWithBackOff_thenFail_andCanBeRetried() {
    f.engine.save(Workflow.builder("mail").trigger(Trigger.eventAdded("go"))
        .step(email("m", "M")).build());
    f.email.failFirst(3);
    f.track(f.person("ann@example.com"), "go", Map.of());
    f.run();
    f.advance(Duration.ofSeconds(59));
    assertThat(f.email.sendCount()).isEqualTo(1);
    f.advance(Duration.ofSeconds(1));
    assertThat(f.email.sendCount()).isEqualTo(2);
    f.advance(Duration.ofMinutes(2));
    assertThat(f.email.sendCount()).isEqualTo(3);
    Enrollment failed = f.only("mail");
    assertThat(failed.state()).isEqualTo(EnrollmentState.FAILED);
    assertThat(failed.reason()).contains("gave up after 3 attempt(s)");
    assertThat(f.engine.failed("mail")).containsExactly(failed);
    assertThat(f.email.idempotencyKeys()).extracting(k -> k.attempt())
        .containsExactlyInAnyOrder(1, 2, 3);

    f.engine.retry(failed.id());
    f.run();
    assertThat(f.only("mail").state()).isEqualTo(EnrollmentState.COMPLETED);
    assertThat(f.email.lastRequest().idempotencyKey().attempt()).isEqualTo(4);
    assertThat(f.engine.failed("mail")).isEmpty();
  }

  @Test
  void permanentFailure_failsAtOnceWithTheReason() {
    f.engine.save(Workflow.builder("mail").trigger(Trigger.eventAdded("go"))
        .step(email("m", "M")).step(email("n", "N")).build());
    f.email.thenReturn(DeliveryOutcome.permanent("mailbox unknown"));
    f.track(f.person("ann@example.com"), "go", Map.of());
    f.run();
    Enrollment failed = f.only("mail");
    assertThat(failed.state()).isEqualTo(EnrollmentState.FAILED);
    assertThat(failed.reason()).isEqualTo("step m: mailbox unknown");
    assertThat(f.email.sendCount()).isEqualTo(1);
  }

  @Test
  void disable_pausesEnrollments_andEnable_resumesThemWithDueWaitsAtOnce() {
    f.engine.save(welcome());
    f.track(f.person("ann@example.com"), "registered", Map.of());
    f.run();
    f.engine.disable("welcome");
    assertThat(f.only("welcome").state()).isEqualTo(EnrollmentState.PAUSED);
    f.advance(Duration.ofDays(3));
    assertThat(f.email.sendCount()).isEqualTo(1);
    f.track(f.person("bob@example.com"), "registered", Map.of());
    f.run();
    assertThat(f.engine.enrollments("welcome")).hasSize(1);
    f.engine.enable("welcome");
    assertThat(f.only("welcome").state()).isEqualTo(EnrollmentState.WAITING);
    f.run();
    assertThat(f.email.sendCount()).isEqualTo(2);
  }

  @Test
  void abort_cancels_andDelete_isRefusedUntilThen() {
    f.engine.save(welcome());
    f.track(f.person("ann@example.com"), "registered", Map.of());
    f.run();
    assertThatThrownBy(() -> f.engine.delete("welcome"))
        .isInstanceOf(WorkflowInUseException.class)
        .hasMessageContaining("1 active enrollment");
    assertThat(f.engine.abort("welcome")).isEqualTo(1);
    assertThat(f.only("welcome").reason()).isEqualTo("workflow aborted");
    f.engine.delete("welcome");
    assertThat(f.engine.find("welcome")).isEmpty();
    assertThatThrownBy(() -> f.engine.get("welcome"))
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void newVersion_isUsedByNewEnrollments_whileRunningOnesKeepTheirs() {
    Workflow v1 = f.engine.save(welcome());
    assertThat(v1.version()).isEqualTo(1);
    assertThat(f.engine.save(welcome()).version()).isEqualTo(1);
    f.track(f.person("ann@example.com"), "registered", Map.of());
    f.run();
    Workflow v2 = f.engine.save(
        welcome().toBuilder().steps(List.of(email("welcome-1", "Welcome v2"),
            Step.waitFor("pause-1", Duration.ofDays(2)), email("welcome-2", "Second v2"))).build());
    assertThat(v2.version()).isEqualTo(2);
    f.track(f.person("bob@example.com"), "registered", Map.of());
    f.advance(Duration.ofDays(2));
    assertThat(f.email.requests()).extracting(EmailMessage::subject)
        .containsExactlyInAnyOrder("Welcome, ann", "Getting started", "Welcome v2");
    assertThat(f.engine.enrollments("welcome")).extracting(Enrollment::version)
        .containsExactly(1, 2);
    assertThat(f.engine.findVersion("welcome", 1)).isPresent();
  }

  @Test
  void reEntry_once_afterCompletion_afterCoolDown() {
    Workflow.Builder base = Workflow.builder("w").trigger(Trigger.eventAdded("go"))
        .step(email("m", "M"));
    f.engine.save(base.reEntry(ReEntryPolicy.once()).build());
    String ann = f.person("ann@example.com");
    f.track(ann, "go", Map.of());
    f.run();
    f.track(ann, "go", Map.of());
    f.run();
    assertThat(f.engine.enrollments("w")).hasSize(1);
    f.engine.save(base.reEntry(ReEntryPolicy.afterCoolDown(Duration.ofDays(1))).build());
    f.track(ann, "go", Map.of());
    f.run();
    assertThat(f.engine.enrollments("w")).hasSize(1);
    f.clock.advance(Duration.ofDays(1));
    f.track(ann, "go", Map.of());
    f.run();
    assertThat(f.engine.enrollments("w")).hasSize(2);
    f.engine.save(base.reEntry(ReEntryPolicy.afterCompletion()).build());
    f.track(ann, "go", Map.of());
    f.run();
    assertThat(f.engine.enrollments("w")).hasSize(3);
  }

  @Test
  void merge_keepsTheEarliestEnrollment_andCancelsDuplicates() {
    f.engine.save(welcome());
    String ann = f.person("ann@example.com");
    f.track(ann, "registered", Map.of());
    f.run();
    f.clock.advance(Duration.ofHours(1));
    String other = f.person("ann.other@example.com");
    f.track(other, "registered", Map.of());
    f.run();
    String survivor = f.cdp.merge(List.of(ann, other), "test").id();
    f.run();
    List<Enrollment> all = f.engine.enrollments("welcome");
    assertThat(all).extracting(Enrollment::profileId).containsOnly(survivor);
    assertThat(all).filteredOn(Enrollment::isLive).hasSize(1);
    assertThat(all).filteredOn(e -> e.state() == EnrollmentState.CANCELLED)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).startsWith("duplicate after merge"));
    assertThat(all.get(0).isLive()).isTrue();
  }

  @Test
  void profileErased_removesItsEnrollments() {
    f.engine.save(welcome());
    String ann = f.person("ann@example.com");
    f.track(ann, "registered", Map.of());
    f.run();
    f.cdp.eraseProfile(ann, "api");
    f.run();
    assertThat(f.engine.enrollments("welcome")).isEmpty();
    assertThat(f.engine.enrollmentsOf(ann)).isEmpty();
  }

  @Test
  void broadcast_enrollsEveryGroupMemberInBatches() {
    f.engine.save(
        Workflow.builder("news").trigger(Trigger.broadcastOnly())
            .step(email("news", "News")).build());
    f.segments.createGroup("readers");
    List<String> members = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      members.add(f.person("reader" + i + "@example.com"));
    }
    String unconsented = f.person("quiet@example.com");
    f.deny(unconsented, "email");
    members.add(unconsented);
    f.segments.addToGroup("readers", members);
    WorkflowEngine small = WorkflowEngine.builder(f.cdp, f.segments).store(f.store)
        .emailSender(f.email).options(WorkflowEngineOptions.defaults().withBatchSize(2)).build();
    try {
      BroadcastResult result = small.broadcast("news", Audience.group("readers"));
      assertThat(result).isEqualTo(new BroadcastResult(6, 5, 1, 3));
      small.runDue(f.clock.instant());
    } finally {
      small.close();
    }
    assertThat(f.email.sendCount()).isEqualTo(5);
    assertThat(f.engine.figures("news").entered()).isEqualTo(5);
  }

  @Test
  void preview_returnsThePathAndSends_withoutSideEffects() {
    String ann = f.person("ann@example.com");
    Instant start = Instant.parse("2030-01-01T09:00:00Z");
    Preview preview = f.engine.preview(welcome(), ann, start);
    assertThat(preview.finalState()).isEqualTo(EnrollmentState.COMPLETED);
    assertThat(preview.sends()).extracting(Preview.Send::at)
        .containsExactly(start, start.plus(Duration.ofDays(2)), start.plus(Duration.ofDays(5)));
    assertThat(preview.sends()).extracting(s -> ((EmailMessage) s.request()).subject())
        .containsExactly("Welcome, ann", "Getting started", "Tips");
    assertThat(preview.path()).extracting(HistoryEntry::what).contains("ACTIVE -COMPLETE-> COMPLETED");
    assertThat(f.email.sendCount()).isZero();
    assertThat(f.engine.list()).isEmpty();
    assertThat(f.engine.enrollmentsOf(ann)).isEmpty();
  }

  @Test
  void restart_resumesEveryEnrollment_andADueTimerFiresOnce() {
    f.engine.save(welcome());
    f.track(f.person("ann@example.com"), "registered", Map.of());
    f.run();
    f.engine.close();
    f.clock.advance(Duration.ofDays(10));
    f.engine = f.newEngine();
    f.run();
    f.run();
    assertThat(f.email.sendCount()).isEqualTo(2);
    f.advance(Duration.ofDays(3));
    assertThat(f.email.sendCount()).isEqualTo(3);
    assertThat(f.email.distinctIdempotencyKeyCount()).isEqualTo(3);
    assertThat(f.only("welcome").state()).isEqualTo(EnrollmentState.COMPLETED);
  }

  @Test
  void anIntentWithoutOutcome_isResentWithTheSameKey_andARecordedOutcomeIsNotResent() {
    f.engine.save(Workflow.builder("mail").trigger(Trigger.eventAdded("go"))
        .step(email("m", "M")).build());
    f.engine.close();
    // an engine whose sender dies after being called: the intent is stored, the outcome is not
    WorkflowEngine dying = WorkflowEngine.builder(f.cdp, f.segments).store(f.store)
        .emailSender(m -> {
          f.email.send(m);
          throw new Crash();
        })
        .idGenerator(() -> "enr-x").build();
    f.track(f.person("ann@example.com"), "go", Map.of());
    assertThatThrownBy(() -> dying.runDue(f.clock.instant())).isInstanceOf(Crash.class);
    dying.close();
    Enrollment stuck = f.store.ofWorkflow("mail").get(0);
    assertThat(f.engine.sends(stuck.id())).singleElement()
        .extracting(SendRecord::status).isEqualTo(SendRecord.Status.INTENDED);
    f.engine = f.newEngine();
    f.run();
    assertThat(f.email.sendCount()).isEqualTo(2);
    assertThat(f.email.distinctIdempotencyKeyCount()).isEqualTo(1);
    assertThat(f.only("mail").state()).isEqualTo(EnrollmentState.COMPLETED);
  }

  @Test
  void save_reportsEveryProblemAtOnce() {
    Workflow bad =
        Workflow.builder("Bad Name")
            .trigger(Trigger.enteredSegment("nope"))
            .step(new Step.SendEmail("e", "t", "", null, "Hi {{missing}}", "x", null, List.of()))
            .step(new Step.HttpCall("h", "POST", "not a url {{x", Map.of(), null, null,
                Duration.ofSeconds(1), List.of()))
            .step(Step.waitFor("e", Duration.ofDays(1)))
            .build();
    assertThatThrownBy(() -> f.engine.save(bad))
        .isInstanceOf(WorkflowValidationException.class)
        .satisfies(ex -> assertThat(((WorkflowValidationException) ex).problems())
            .extracting(WorkflowProblem::where)
            .contains("name", "trigger.segment", "steps.e.address", "steps.e.subject",
                "steps.h.url"))
        .hasMessageContaining("unknown segment 'nope'")
        .hasMessageContaining("unknown merge tag 'missing'")
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> f.engine.save(Workflow.builder("empty").build()))
        .hasMessageContaining("steps: must hold at least one step");
  }

  @Test
  void json_roundTripsEveryStepAndSetting() {
    Workflow all =
        welcome().toBuilder()
            .reEntry(ReEntryPolicy.afterCoolDown(Duration.ofDays(30)))
            .sendPolicy(SendPolicy.none()
                .withQuietHours(new SendPolicy.QuietHours(LocalTime.of(21, 0),
                    LocalTime.of(8, 0), "tz", ZoneId.of("Europe/Paris"),
                    SendPolicy.QuietAction.SKIP))
                .withCap(new SendPolicy.FrequencyCap("email", 3, Duration.ofDays(7))))
            .step(new Step.WaitUntilEvent("w", "buy", Duration.ofDays(1),
                List.of(sms("s", "{{first_name}}")), List.of()))
            .step(new Step.Branch("b", "age > 3", List.of(), List.of(email("x", "X"))))
            .step(Step.waitUntil("t", "2 days after event.start"))
            .step(new Step.HttpCall("h", "POST", "https://api.example.com/u/{{id}}",
                Map.of("Content-Type", "application/json"), "{\"a\":\"{{id}}\"}", 201,
                Duration.ofSeconds(3), List.of(MergeTag.of("id", "$identifier.email", ""))))
            .consent(ConsentRule.ignoreConsent())
            .build();
    assertThat(Workflow.fromJson(all.toJson())).isEqualTo(all);
    Workflow segmentGoal = festival().toBuilder()
        .trigger(Trigger.leftSegment("s")).goal(Goal.matches("age > 1"), true).build();
    assertThat(Workflow.fromJson(segmentGoal.toJson())).isEqualTo(segmentGoal);
    assertThatThrownBy(() -> Workflow.fromJson("{\"name\":\"x\",\"trigger\":{\"type\":\"odd\"}}"))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("trigger.type")
        .hasMessageContaining("steps: must be an array");
  }
}

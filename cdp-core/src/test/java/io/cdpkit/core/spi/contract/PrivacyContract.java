package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.SuppressedIdentifierException;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityCounts;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.testing.TestClock;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Consent, reachability and GDPR on a store. A store passes it by extending this class and
 * implementing {@link #createStorage()}.
 */
public abstract class PrivacyContract {
  protected static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");
  private static final Identifier ANN = Identifier.email("ann@example.com");

  protected final TestClock clock = TestClock.at(T0);
  private final List<Cdp> opened = new ArrayList<>();

  /** A new, empty store. */
  protected abstract Storage createStorage();

  protected Cdp cdp(PrivacyOptions options) {
    Cdp cdp = Cdp.builder().storage(createStorage()).clock(clock).privacy(options).build();
    opened.add(cdp);
    return cdp;
  }

  protected Cdp cdp() {
    return cdp(PrivacyOptions.defaults());
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Cdp::close);
  }

  private static ConsentChange email(ConsentStatus status, Instant at) {
    return ConsentChange.of("email", status, at, "crm");
  }

  @Nested
  @DisplayName("consent")
  class ConsentRules {
    @Test
    @DisplayName("the latest decision by timestamp wins whatever order decisions arrive in; history is newest first")
    void latestWins() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      cdp.recordConsent(ann.id(), email(ConsentStatus.DENIED, T0.plusSeconds(20)));
      Profile after = cdp.recordConsent(ann.id(), email(ConsentStatus.GRANTED, T0.plusSeconds(10)));
      assertThat(after.consents()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.DENIED));
      assertThat(cdp.consentHistory(ann.id())).extracting(ConsentChange::status)
          .containsExactly(ConsentStatus.DENIED, ConsentStatus.GRANTED);
    }

    @Test
    @DisplayName("a consent event records the decision; a malformed one stores nothing")
    void consentEvents() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().profileId("p-1001").identifier(ANN).build());
      cdp.track(Track.builder("consent").profileId("p-1001").timestamp(T0)
          .property("channel", "email").property("status", "granted").property("purpose", "marketing").build());
      assertThat(cdp.getProfile(ann.id()).consents()).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.GRANTED));
      long events = cdp.countEvents();
      assertThatThrownBy(() -> cdp.track(Track.builder("consent").profileId("p-1001").property("channel", "email").build()))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("properties.status"));
      assertThatThrownBy(() -> cdp.track(Track.builder("consent").profileId("p-1001")
              .property("channel", "email").property("status", "maybe").build()))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("granted, denied or unknown"));
      assertThat(cdp.countEvents()).isEqualTo(events);
      assertThat(cdp.consentHistory(ann.id())).hasSize(1);
    }

    @Test
    @DisplayName("after a merge a denial beats a newer grant; after an unmerge each profile has its own history back")
    void acrossMergeAndUnmerge() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      clock.advance(Duration.ofMinutes(1));
      Profile other = cdp.identify(Identify.builder().email("ann.work@example.com").build());
      cdp.recordConsent(ann.id(), email(ConsentStatus.DENIED, T0));
      cdp.recordConsent(other.id(), email(ConsentStatus.GRANTED, T0.plusSeconds(30)));
      clock.advance(Duration.ofMinutes(1));
      Profile merged = cdp.merge(List.of(ann.id(), other.id()), "agent");
      assertThat(merged.consents()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.DENIED));
      clock.advance(Duration.ofMinutes(1));
      Profile restored = cdp.unmerge(other.id(), "agent");
      assertThat(restored.consents()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.GRANTED));
      assertThat(cdp.getProfile(ann.id()).consents()).singleElement()
          .satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.DENIED));
      assertThat(cdp.consentHistory(other.id())).extracting(ConsentChange::status).containsExactly(ConsentStatus.GRANTED);
    }

    @Test
    @DisplayName("a grant recorded after a merge overrides the denial the merge kept")
    void grantAfterMerge() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      clock.advance(Duration.ofMinutes(1));
      Profile other = cdp.identify(Identify.builder().email("b@x.y").build());
      cdp.recordConsent(other.id(), email(ConsentStatus.DENIED, T0));
      cdp.merge(List.of(ann.id(), other.id()), "agent");
      clock.advance(Duration.ofMinutes(1));
      Profile after = cdp.recordConsent(ann.id(), email(ConsentStatus.GRANTED, clock.instant()));
      assertThat(after.consents()).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(ConsentStatus.GRANTED));
    }
  }

  @Nested
  @DisplayName("reachability")
  class ReachabilityRules {
    @Test
    @DisplayName("answers every reason: no identifier, undeliverable, denied, unknown, opted out; or the main identifier")
    void everyReason() {
      Cdp cdp = cdp();
      clock.advance(Duration.ofHours(1));
      Profile p = cdp.identify(Identify.builder().phone("+31612345678").build());
      assertThat(cdp.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.NO_IDENTIFIER);
      cdp.identify(Identify.builder().profileId(p.id()).identifier(ANN).build());
      assertThat(cdp.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.CONSENT_UNKNOWN);
      cdp.recordConsent(p.id(), email(ConsentStatus.GRANTED, T0));
      assertThat(cdp.reachability(p.id(), "email").identifierToUse()).contains(ANN);
      cdp.markUndeliverable(ANN, "hard bounce", "mailer");
      Reachability bounced = cdp.reachability(p.id(), "email");
      assertThat(bounced.reason()).isEqualTo(Reachability.Reason.UNDELIVERABLE);
      assertThat(bounced.detail()).isEqualTo("hard bounce");
      cdp.markDeliverable(ANN, "mailer");
      cdp.recordConsent(p.id(), email(ConsentStatus.DENIED, T0.plusSeconds(1)));
      assertThat(cdp.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.CONSENT_DENIED);
      cdp.recordConsent(p.id(), email(ConsentStatus.GRANTED, T0.plusSeconds(2)));
      cdp.recordConsent(p.id(), ConsentChange.of(ConsentChange.ALL_CHANNELS, ConsentStatus.DENIED, T0.plusSeconds(3), "ccpa-form"));
      assertThat(cdp.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.OPTED_OUT);
      assertThat(cdp.reachability(p.id(), "sms").reason()).isEqualTo(Reachability.Reason.OPTED_OUT);
    }

    @Test
    @DisplayName("a lenient policy counts unknown consent as reachable; lapsed consent is unknown")
    void policyAndExpiry() {
      Cdp lenient = cdp(PrivacyOptions.defaults().withReachability(ReachabilityPolicy.defaults().allowUnknownConsent("sms")));
      Profile p = lenient.identify(Identify.builder().phone("+31612345678").identifier(ANN).build());
      assertThat(lenient.reachability(p.id(), "sms").isReachable()).isTrue();
      assertThat(lenient.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.CONSENT_UNKNOWN);
      lenient.recordConsent(p.id(), email(ConsentStatus.GRANTED, T0).expiringAt(T0.plusSeconds(60)));
      assertThat(lenient.reachability(p.id(), "email").isReachable()).isTrue();
      clock.advance(Duration.ofMinutes(2));
      assertThat(lenient.reachability(p.id(), "email").reason()).isEqualTo(Reachability.Reason.CONSENT_UNKNOWN);
    }

    @Test
    @DisplayName("the explicit main identifier is used when deliverable")
    void mainIdentifier() {
      Cdp cdp = cdp();
      Profile p = cdp.identify(Identify.builder().email("old@x.y").build());
      clock.advance(Duration.ofMinutes(1));
      cdp.identify(Identify.builder().profileId(p.id()).email("new@x.y").build());
      cdp.recordConsent(p.id(), email(ConsentStatus.GRANTED, T0));
      assertThat(cdp.reachability(p.id(), "email").identifierToUse()).contains(Identifier.email("new@x.y"));
      cdp.setMainIdentifier(p.id(), Identifier.email("old@x.y"));
      assertThat(cdp.reachability(p.id(), "email").identifierToUse()).contains(Identifier.email("old@x.y"));
      cdp.markUndeliverable(Identifier.email("old@x.y"), "hard bounce", "mailer");
      assertThat(cdp.reachability(p.id(), "email").identifierToUse()).contains(Identifier.email("new@x.y"));
    }

    @Test
    @DisplayName("counts of reachable and unreachable profiles per channel follow consent withdrawal")
    void counts() {
      Cdp cdp = cdp();
      clock.advance(Duration.ofHours(1));
      for (int i = 0; i < 4; i++) {
        Profile p = cdp.identify(Identify.builder().email("p" + i + "@x.y").build());
        if (i < 3) {
          cdp.recordConsent(p.id(), email(ConsentStatus.GRANTED, T0));
        }
      }
      cdp.identify(Identify.builder().phone("+31612345678").build());
      ReachabilityCounts before = cdp.reachabilityCounts("email");
      assertThat(before.total()).isEqualTo(5);
      assertThat(before.reachable()).isEqualTo(3);
      assertThat(before.unreachable()).isEqualTo(Map.of(Reachability.Reason.CONSENT_UNKNOWN, 1L, Reachability.Reason.NO_IDENTIFIER, 1L));
      Profile p0 = cdp.findProfile(Identifier.email("p0@x.y")).orElseThrow();
      cdp.recordConsent(p0.id(), email(ConsentStatus.DENIED, T0.plusSeconds(5)));
      ReachabilityCounts after = cdp.reachabilityCounts("email");
      assertThat(after.reachable()).isEqualTo(2);
      assertThat(after.unreachable()).containsEntry(Reachability.Reason.CONSENT_DENIED, 1L);
    }
  }

  @Nested
  @DisplayName("GDPR")
  class Gdpr {
    private Profile richProfile(Cdp cdp) {
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).phone("+31612345678").timestamp(T0)
          .set("first_name", "Ann").set("age", 25).source("crm").build());
      clock.advance(Duration.ofMinutes(1));
      Profile anon = cdp.identify(Identify.builder().identifier(Identifier.deviceId("dev-1")).set("theme", "dark").build());
      cdp.track(Track.builder("page_view").identifier(Identifier.deviceId("dev-1")).eventId("e-view").property("path", "/").build());
      cdp.identify(Identify.builder().identifier(ANN).identifier(Identifier.deviceId("dev-1")).build());
      cdp.track(Track.builder("purchase").identifier(ANN).eventId("e-buy").property("amount", 30).build());
      cdp.recordConsent(ann.id(), email(ConsentStatus.GRANTED, T0).via(ANN));
      assertThat(cdp.getProfile(ann.id()).mergedIds()).contains(anon.id());
      return cdp.getProfile(ann.id());
    }

    @Test
    @DisplayName("an export holds attributes with sources, identifiers, consents with history, events and the identity log")
    void exportHoldsEverything() {
      Cdp cdp = cdp();
      Profile ann = richProfile(cdp);
      StringWriter out = new StringWriter();
      cdp.exportProfile(ann.id(), out, "dpo");
      String json = out.toString();
      assertThat(json).contains("\"format\":\"cdpkit-profile-export/1\"", "\"first_name\":\"Ann\"", "\"source\":\"crm\"",
          "\"value\":\"ann@example.com\"", "\"consent_history\":[{", "\"e-view\"", "\"e-buy\"", "\"automatic_merge\"");
      assertThat(cdp.auditTrail(ann.id())).extracting(AuditEntry::action).contains(AuditEntry.Action.EXPORTED);
    }

    @Test
    @DisplayName("export, erase, re-import into a new store: the same profile, events and consents come back")
    void exportRoundTrip() {
      Cdp cdp = cdp();
      Profile ann = richProfile(cdp);
      List<Event> events = cdp.timeline(ann.id(), TimelineQuery.latest(100)).items();
      List<ConsentChange> history = cdp.consentHistory(ann.id());
      StringWriter out = new StringWriter();
      cdp.exportProfile(ann.id(), out, "dpo");
      cdp.eraseProfile(ann.id(), "dpo");
      Cdp fresh = cdp();
      Profile imported = fresh.importProfile(new StringReader(out.toString()));
      assertThat(imported).isEqualTo(ann);
      assertThat(fresh.timeline(ann.id(), TimelineQuery.latest(100)).items()).isEqualTo(events);
      assertThat(fresh.consentHistory(ann.id())).isEqualTo(history);
      assertThatThrownBy(() -> fresh.importProfile(new StringReader(out.toString())))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("exists already"));
      assertThatThrownBy(() -> fresh.importProfile(new StringReader("{\"format\":\"other\"}")))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("erasure leaves no trace in queries, timelines, identifiers, counts or exports; the audit trail remains without personal data")
    void erasureLeavesNoTrace() {
      Cdp cdp = cdp();
      Profile ann = richProfile(cdp);
      String absorbed = ann.mergedIds().iterator().next();
      Profile bystander = cdp.identify(Identify.builder().email("bob@x.y").build());
      cdp.eraseProfile(ann.id(), "dpo");
      assertThat(cdp.findProfile(ann.id())).isEmpty();
      assertThat(cdp.findProfile(absorbed)).isEmpty();
      assertThat(cdp.findProfile(ANN)).isEmpty();
      assertThat(cdp.findProfile(Identifier.deviceId("dev-1"))).isEmpty();
      assertThat(cdp.searchProfiles("ann", 10)).isEmpty();
      assertThat(cdp.countProfiles()).isEqualTo(1);
      assertThat(cdp.countEvents()).isZero();
      assertThat(cdp.eventTypes()).isEmpty();
      assertThat(cdp.profiles(ProfileQuery.firstPage(10)).items()).containsExactly(cdp.getProfile(bystander.id()));
      assertThat(cdp.identityLog(ann.id())).isEmpty();
      assertThat(cdp.identityLog(absorbed)).isEmpty();
      assertThatThrownBy(() -> cdp.exportProfile(ann.id(), new StringWriter(), "dpo")).isInstanceOf(ProfileNotFoundException.class);
      assertThatThrownBy(() -> cdp.timeline(ann.id(), TimelineQuery.latest(5))).isInstanceOf(ProfileNotFoundException.class);
      List<AuditEntry> audit = cdp.auditTrail(ann.id());
      assertThat(audit).extracting(AuditEntry::action).contains(AuditEntry.Action.CONSENT_CHANGED, AuditEntry.Action.ERASED);
      assertThat(audit.toString()).doesNotContain("ann@example.com", "Ann", "+31612345678", "dev-1");
      Profile again = cdp.identify(Identify.builder().identifier(ANN).build());
      assertThat(again.attributes().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("with suppression, later calls carrying an erased identifier are refused and store nothing")
    void suppression() {
      Cdp cdp = cdp(PrivacyOptions.defaults().withSuppression(true));
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      cdp.eraseProfile(ann.id(), "dpo");
      assertThatThrownBy(() -> cdp.track(Track.builder("view").identifier(ANN).build()))
          .isInstanceOfSatisfying(SuppressedIdentifierException.class, e -> assertThat(e.identifierType()).isEqualTo("email"));
      assertThatThrownBy(() -> cdp.identify(Identify.builder().identifier(Identifier.email("ANN@example.com")).build()))
          .isInstanceOf(SuppressedIdentifierException.class);
      assertThat(cdp.countProfiles()).isZero();
      assertThat(cdp.countEvents()).isZero();
      Cdp withoutSuppression = cdp();
      Profile bob = withoutSuppression.identify(Identify.builder().identifier(ANN).build());
      withoutSuppression.eraseProfile(bob.id(), "dpo");
      withoutSuppression.track(Track.builder("view").identifier(ANN).build());
      assertThat(withoutSuppression.countProfiles()).isEqualTo(1);
    }

    @Test
    @DisplayName("anonymisation keeps events without identifiers and drops identifiers and personal attributes for good")
    void anonymisation() {
      Cdp cdp = cdp();
      Profile ann = richProfile(cdp);
      cdp.track(Track.builder("purchase").profileId(ann.id()).timestamp(T0.minusSeconds(5))
          .property("email", "ann@example.com").property("amount", 30).build());
      Profile anonymous = cdp.anonymiseProfile(ann.id(), "dpo");
      assertThat(anonymous.identifiers()).isEmpty();
      assertThat(anonymous.attributes().fields()).doesNotContainKey("first_name").containsKeys("age", "theme");
      assertThat(anonymous.consents()).isEmpty();
      List<Event> events = cdp.timeline(ann.id(), TimelineQuery.latest(10)).items();
      assertThat(events).hasSize(3).allSatisfy(e -> {
        assertThat(e.identifiers()).isEmpty();
        assertThat(e.properties().fields()).doesNotContainKey("email");
      });
      assertThat(events).anySatisfy(e -> assertThat(e.properties().fields()).containsKey("amount"));
      assertThat(cdp.findProfile(ANN)).isEmpty();
      cdp.identify(Identify.builder().profileId(ann.id()).set("age", 26).timestamp(T0.minusSeconds(10)).build());
      assertThat(cdp.getProfile(ann.id()).attribute("first_name")).isEmpty();
      assertThat(cdp.auditTrail(ann.id())).extracting(AuditEntry::action).contains(AuditEntry.Action.ANONYMISED);
    }

    @Test
    @DisplayName("registered modules add export sections and erase their data in the erasure")
    void contributors() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      List<String> erased = new ArrayList<>();
      cdp.registerDataContributor(new ProfileDataContributor() {
        @Override
        public String section() {
          return "segments";
        }

        @Override
        public AttributeValue export(String profileId) {
          return AttributeValue.of(List.of("vip"));
        }

        @Override
        public void erase(String profileId) {
          erased.add(profileId);
        }
      });
      StringWriter out = new StringWriter();
      cdp.exportProfile(ann.id(), out, "dpo");
      assertThat(out.toString()).contains("\"segments\":[\"vip\"]");
      cdp.eraseProfile(ann.id(), "dpo");
      assertThat(erased).containsExactly(ann.id());
    }
  }
}

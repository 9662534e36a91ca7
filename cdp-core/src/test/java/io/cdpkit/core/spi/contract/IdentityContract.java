package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.identity.Survivorship;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Identity resolution on a store: automatic merges by the identity rules, safeguards, manual
 * merge and unmerge, main identifiers and the identity log. A store passes it by extending this
 * class and implementing {@link #createStorage()}.
 */
public abstract class IdentityContract {
  protected static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");
  private static final Identifier ANN = Identifier.email("ann@example.com");
  private static final Identifier DEVICE = Identifier.deviceId("device-1");

  protected final TestClock clock = TestClock.at(T0);
  private final List<Cdp> opened = new ArrayList<>();

  /** A new, empty store. */
  protected abstract Storage createStorage();

  protected Cdp cdp(IdentityRules rules) {
    Cdp cdp = Cdp.builder().storage(createStorage()).clock(clock).identityRules(rules).build();
    opened.add(cdp);
    return cdp;
  }

  protected Cdp cdp() {
    return cdp(IdentityRules.defaults());
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Cdp::close);
  }

  private void later() {
    clock.advance(Duration.ofMinutes(1));
  }

  private static List<MergeRecord.Kind> kinds(List<MergeRecord> log) {
    return log.stream().map(MergeRecord::kind).toList();
  }

  @Nested
  @DisplayName("automatic merge")
  class AutomaticMerge {
    @Test
    @DisplayName("an anonymous visitor's web events join the customer after sign-up")
    void anonymousVisitorJoinsOnSignUp() {
      Cdp cdp = cdp();
      Profile customer = cdp.identify(Identify.builder().email("ann@example.com").set("name", "Ann").build());
      later();
      Event view = cdp.track(Track.builder("page_view").identifier(DEVICE).build());
      assertThat(view.profileId()).isNotEqualTo(customer.id());
      later();
      Profile signedUp = cdp.identify(Identify.builder().identifier(ANN).identifier(DEVICE).build());
      assertThat(signedUp.id()).isEqualTo(customer.id());
      assertThat(signedUp.has(DEVICE)).isTrue();
      assertThat(signedUp.mergedIds()).containsExactly(view.profileId());
      assertThat(cdp.timeline(customer.id(), TimelineQuery.latest(10)).items()).extracting(Event::id).containsExactly(view.id());
      assertThat(cdp.findProfile(view.profileId()).orElseThrow().id()).isEqualTo(customer.id());
      assertThat(cdp.countProfiles()).isEqualTo(1);
      assertThat(kinds(cdp.identityLog(customer.id()))).containsExactly(MergeRecord.Kind.AUTOMATIC_MERGE);
    }

    @Test
    @DisplayName("a call carrying identifiers of two known profiles merges them into the oldest")
    void sharedIdentifiersMergeIntoOldest() {
      Cdp cdp = cdp();
      Profile byEmail = cdp.identify(Identify.builder().identifier(ANN).set("city", "Utrecht").build());
      later();
      Profile byPhone = cdp.identify(Identify.builder().phone("+31 6 1234 5678").set("age", 25).build());
      later();
      Profile merged = cdp.identify(Identify.builder().phone("0031612345678").identifier(ANN).build());
      assertThat(merged.id()).isEqualTo(byEmail.id());
      assertThat(merged.attributes().fields()).containsEntry("city", new TextValue("Utrecht")).containsEntry("age", NumberValue.of(25));
      assertThat(merged.identifiers()).hasSize(2);
      assertThat(cdp.findProfile(byPhone.id()).orElseThrow().id()).isEqualTo(byEmail.id());
    }

    @Test
    @DisplayName("the most recently updated value of each attribute wins a merge")
    void mostRecentValueWins() {
      Cdp cdp = cdp();
      cdp.identify(Identify.builder().identifier(ANN).timestamp(T0).set("city", "Utrecht").set("plan", "free").build());
      cdp.identify(Identify.builder().userId("u1").timestamp(T0.plusSeconds(60)).set("city", "Delft").build());
      cdp.identify(Identify.builder().identifier(ANN).timestamp(T0.plusSeconds(30)).set("plan", "pro").build());
      Profile merged = cdp.identify(Identify.builder().userId("u1").identifier(ANN).timestamp(T0.plusSeconds(90)).build());
      assertThat(merged.attribute("city")).contains(new TextValue("Delft"));
      assertThat(merged.attribute("plan")).contains(new TextValue("pro"));
    }

    @Test
    @DisplayName("device ids never join two known people")
    void deviceIdsNeverJoinKnownPeople() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).identifier(DEVICE).build());
      Profile bob = cdp.identify(Identify.builder().email("bob@example.com").identifier(DEVICE).build());
      assertThat(bob.id()).isNotEqualTo(ann.id());
      assertThat(bob.has(DEVICE)).isFalse();
      assertThat(cdp.findProfile(DEVICE).orElseThrow().id()).isEqualTo(ann.id());
      assertThat(cdp.countProfiles()).isEqualTo(2);
    }

    @Test
    @DisplayName("a device id left with another known person is recorded as rejected, with the reason")
    void droppedDeviceIdIsRecorded() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).identifier(DEVICE).build());
      Profile bob = cdp.identify(Identify.builder().email("bob@example.com").identifier(DEVICE).build());
      MergeRecord rejection = cdp.identityLog(bob.id()).get(0);
      assertThat(rejection.kind()).isEqualTo(MergeRecord.Kind.IDENTIFIER_REJECTED);
      assertThat(rejection.identifiers()).containsExactly(DEVICE);
      assertThat(rejection.reason()).contains("device_id", "anonymous", ann.id());
      assertThat(cdp.identityLog(ann.id())).isEmpty();
    }

    @Test
    @DisplayName("profiles of different user ids never merge; the lowest-priority identifier is dropped and recorded")
    void exclusiveTypesNeverMerge() {
      Cdp cdp = cdp();
      Profile first = cdp.identify(Identify.builder().userId("u1").identifier(ANN).build());
      Profile second = cdp.identify(Identify.builder().userId("u2").identifier(ANN).build());
      assertThat(second.id()).isNotEqualTo(first.id());
      assertThat(second.has(ANN)).isFalse();
      assertThat(cdp.findProfile(ANN).orElseThrow().id()).isEqualTo(first.id());
      MergeRecord rejection = cdp.identityLog(second.id()).get(0);
      assertThat(rejection.kind()).isEqualTo(MergeRecord.Kind.IDENTIFIER_REJECTED);
      assertThat(rejection.identifiers()).containsExactly(ANN);
      assertThat(rejection.reason()).contains("user_id is exclusive");
    }

    @Test
    @DisplayName("an identifier past its type's limit is not attached and is recorded with the reason")
    void limits() {
      Cdp cdp = cdp(IdentityRules.defaults().toBuilder()
          .rule(new io.cdpkit.core.identity.IdentifierRule("email", io.cdpkit.core.identity.MergePolicy.MERGE, 90, 2, false)).build());
      Profile p = cdp.identify(Identify.builder().email("a@x.y").email("b@x.y").build());
      Profile after = cdp.identify(Identify.builder().profileId(p.id()).email("c@x.y").build());
      assertThat(after.identifiers("email")).hasSize(2);
      assertThat(cdp.findProfile(Identifier.email("c@x.y"))).isEmpty();
      assertThat(cdp.identityLog(p.id())).singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("the limit is 2"));
    }

    @Test
    @DisplayName("a merge joining more profiles than the cap is refused and recorded")
    void capPerStep() {
      Cdp cdp = cdp(IdentityRules.defaults().toBuilder().maxProfilesPerMerge(2).build());
      Profile a = cdp.identify(Identify.builder().email("a@x.y").build());
      cdp.identify(Identify.builder().email("b@x.y").build());
      cdp.identify(Identify.builder().email("c@x.y").build());
      Profile result = cdp.identify(Identify.builder().email("a@x.y").email("b@x.y").email("c@x.y").build());
      assertThat(result.id()).isEqualTo(a.id());
      assertThat(cdp.countProfiles()).isEqualTo(3);
      assertThat(kinds(cdp.identityLog(a.id()))).containsExactly(MergeRecord.Kind.MERGE_REFUSED);
    }

    @Test
    @DisplayName("a profile absorbs no more profiles over its life than the cap")
    void lifetimeCap() {
      Cdp cdp = cdp(IdentityRules.defaults().toBuilder().maxMergedProfiles(1).build());
      Profile a = cdp.identify(Identify.builder().email("a@x.y").build());
      cdp.identify(Identify.builder().email("b@x.y").build());
      cdp.identify(Identify.builder().email("c@x.y").build());
      cdp.identify(Identify.builder().email("a@x.y").email("b@x.y").build());
      cdp.identify(Identify.builder().email("a@x.y").email("c@x.y").build());
      assertThat(cdp.getProfile(a.id()).mergedIds()).hasSize(1);
      assertThat(cdp.countProfiles()).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("blocked values")
  class Blocked {
    @Test
    @DisplayName("a blocked test email merges nothing and is not attached")
    void blockedTestEmail() {
      Cdp cdp = cdp();
      Profile a = cdp.identify(Identify.builder().email("a@x.y").email("test@test.com").build());
      Profile b = cdp.identify(Identify.builder().email("b@x.y").email("TEST@test.com").build());
      assertThat(b.id()).isNotEqualTo(a.id());
      assertThat(a.identifiers("email")).hasSize(1);
      assertThat(cdp.findProfile(Identifier.email("test@test.com"))).isEmpty();
      assertThat(cdp.identityLog(a.id())).singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("blocked"));
    }

    @Test
    @DisplayName("junk values, also in quotes, and noreply addresses are blocked by default")
    void junk() {
      Cdp cdp = cdp();
      for (String junk : List.of("undefined", "\"null\"", "'guest'", "[object Object]", "NaN", "0")) {
        cdp.track(Track.builder("view").identifier(Identifier.deviceId(junk)).build());
      }
      cdp.track(Track.builder("view").identifier(Identifier.email("noreply@shop.com")).build());
      cdp.track(Track.builder("view").identifier(Identifier.email("No-Reply@shop.com")).build());
      assertThat(cdp.countProfiles()).isEqualTo(8);
    }

    @Test
    @DisplayName("custom blocked values and patterns block; the default list can be switched off")
    void custom() {
      Cdp cdp = cdp(IdentityRules.defaults().toBuilder()
          .defaultBlocklist(false).block("user_id", "demo").blockPattern("*", "(?i).*@example\\.org").build());
      cdp.identify(Identify.builder().userId("demo").build());
      cdp.identify(Identify.builder().userId("demo").build());
      cdp.identify(Identify.builder().email("x@example.org").build());
      cdp.identify(Identify.builder().email("x@example.org").build());
      cdp.identify(Identify.builder().identifier(Identifier.deviceId("undefined")).build());
      cdp.identify(Identify.builder().identifier(Identifier.deviceId("undefined")).build());
      assertThat(cdp.countProfiles()).isEqualTo(5);
    }
  }

  @Nested
  @DisplayName("survivorship")
  class SurvivorshipRules {
    @Test
    @DisplayName("first-seen, source priority and custom rules choose per attribute")
    void perAttribute() {
      IdentityRules rules = IdentityRules.defaults().toBuilder()
          .survivorship("signup_channel", Survivorship.firstSeen())
          .survivorship("address", Survivorship.sourcePriority("crm", "webshop"))
          .survivorship("score", Survivorship.custom((held, incoming) ->
              ((NumberValue) held.value()).value().compareTo(((NumberValue) incoming.value()).value()) >= 0 ? held.value() : incoming.value()))
          .build();
      Cdp cdp = cdp(rules);
      cdp.identify(Identify.builder().identifier(ANN).timestamp(T0).source("crm")
          .set("signup_channel", "store").set("address", "Main St 1").set("score", 7).build());
      cdp.identify(Identify.builder().userId("u1").timestamp(T0.plusSeconds(10)).source("webshop")
          .set("signup_channel", "web").set("address", "Side St 2").set("score", 3).build());
      Profile merged = cdp.identify(Identify.builder().identifier(ANN).userId("u1").timestamp(T0.plusSeconds(20)).build());
      assertThat(merged.attribute("signup_channel")).contains(new TextValue("store"));
      assertThat(merged.attribute("address")).contains(new TextValue("Main St 1"));
      assertThat(merged.attribute("score")).contains(NumberValue.of(7));
      Profile later = cdp.identify(Identify.builder().identifier(ANN).timestamp(T0.plusSeconds(30)).source("webshop")
          .set("address", "Other St 3").set("signup_channel", "app").build());
      assertThat(later.attribute("address")).contains(new TextValue("Main St 1"));
      assertThat(later.attribute("signup_channel")).contains(new TextValue("store"));
    }
  }

  @Nested
  @DisplayName("manual merge and unmerge")
  class Manual {
    @Test
    @DisplayName("a WhatsApp contact merged by hand and unmerged gets its own identifiers, events and values back")
    void mergeAndUnmerge() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).set("name", "Ann").set("city", "Utrecht").build());
      cdp.track(Track.builder("purchase").identifier(ANN).eventId("e-ann").build());
      later();
      Profile whatsapp = cdp.identify(Identify.builder().identifier("whatsapp", "+31 6 9999 0000").set("name", "Annie").build());
      cdp.track(Track.builder("message").identifier(Identifier.of("whatsapp", "+31699990000")).eventId("e-wa").build());
      later();
      Profile merged = cdp.merge(List.of(whatsapp.id(), ann.id()), "agent-7");
      assertThat(merged.id()).isEqualTo(ann.id());
      assertThat(merged.attribute("name")).contains(new TextValue("Annie"));
      assertThat(merged.identifiers()).hasSize(2);
      assertThat(cdp.timeline(ann.id(), TimelineQuery.latest(10)).items()).hasSize(2);
      later();
      Profile restored = cdp.unmerge(whatsapp.id(), "agent-7");
      assertThat(restored.id()).isEqualTo(whatsapp.id());
      assertThat(restored.attribute("name")).contains(new TextValue("Annie"));
      assertThat(restored.identifiers()).extracting(i -> i.identifier().type()).containsExactly("whatsapp");
      assertThat(cdp.timeline(whatsapp.id(), TimelineQuery.latest(10)).items()).extracting(Event::id).containsExactly("e-wa");
      Profile annAfter = cdp.getProfile(ann.id());
      assertThat(annAfter.attribute("name")).contains(new TextValue("Ann"));
      assertThat(annAfter.mergedIds()).isEmpty();
      assertThat(cdp.timeline(ann.id(), TimelineQuery.latest(10)).items()).extracting(Event::id).containsExactly("e-ann");
      assertThat(kinds(cdp.identityLog(ann.id())))
          .containsExactly(MergeRecord.Kind.MANUAL_MERGE, MergeRecord.Kind.UNMERGE);
      assertThat(cdp.identityLog(ann.id()).get(0).actor()).isEqualTo("agent-7");
    }

    @Test
    @DisplayName("activity sent to the absorbed profile's identifiers or id while merged goes back to it on unmerge")
    void activityWhileMergedFollowsItsIdentifiers() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      later();
      Profile bob = cdp.identify(Identify.builder().email("bob@example.com").build());
      later();
      cdp.merge(List.of(ann.id(), bob.id()), "agent");
      later();
      cdp.track(Track.builder("view").identifier(Identifier.email("bob@example.com")).eventId("e-bob").build());
      cdp.identify(Identify.builder().profileId(bob.id()).set("nick", "Bobby").build());
      cdp.track(Track.builder("view").identifier(ANN).eventId("e-ann").build());
      later();
      Profile restored = cdp.unmerge(bob.id(), "agent");
      assertThat(restored.attribute("nick")).contains(new TextValue("Bobby"));
      assertThat(cdp.timeline(bob.id(), TimelineQuery.latest(10)).items()).extracting(Event::id).containsExactly("e-bob");
      Profile annAfter = cdp.getProfile(ann.id());
      assertThat(annAfter.attribute("nick")).isEmpty();
      assertThat(cdp.timeline(ann.id(), TimelineQuery.latest(10)).items()).extracting(Event::id).containsExactly("e-ann");
    }

    @Test
    @DisplayName("an unmerged profile gets back the main identifier its owner chose")
    void unmergeRestoresTheChosenMainIdentifier() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      cdp.setMainIdentifier(ann.id(), ANN);
      later();
      Identifier work = Identifier.email("b-work@example.com");
      Identifier home = Identifier.email("b-home@example.com");
      Profile bob = cdp.identify(Identify.builder().identifier(work).build());
      later();
      cdp.identify(Identify.builder().profileId(bob.id()).identifier(home).build());
      cdp.setMainIdentifier(bob.id(), work);
      later();
      cdp.merge(List.of(ann.id(), bob.id()), "agent");
      later();
      // The survivor keeps its own main email; the absorbed one is demoted while merged.
      assertThat(cdp.getProfile(ann.id()).identifiers()).filteredOn(ProfileIdentifier::main)
          .extracting(ProfileIdentifier::identifier).containsExactly(ANN);
      Profile restored = cdp.unmerge(bob.id(), "agent");
      assertThat(restored.mainIdentifier(Identifier.EMAIL)).contains(work);
      assertThat(cdp.getProfile(ann.id()).mainIdentifier(Identifier.EMAIL)).contains(ANN);
    }

    @Test
    @DisplayName("nested merges unwind one level: unmerging A from C gives A back with B still inside and leaves none of B in C")
    void nestedMergesUnwindOneLevel() {
      Cdp cdp = cdp();
      Profile c = cdp.identify(Identify.builder().email("c@example.com").set("name", "Cee").build());
      later();
      Profile a = cdp.identify(Identify.builder().identifier(ANN).set("name", "Ann").build());
      later();
      Profile b = cdp.identify(Identify.builder().email("b@example.com").set("nick", "Bee").build());
      cdp.track(Track.builder("view").profileId(b.id()).eventId("e-b").build());
      later();
      cdp.merge(List.of(a.id(), b.id()), "agent");
      later();
      cdp.merge(List.of(c.id(), a.id()), "agent");
      later();
      cdp.track(Track.builder("view").identifier(Identifier.email("b@example.com")).eventId("e-b2").build());
      later();
      Profile restored = cdp.unmerge(a.id(), "agent");
      assertThat(restored.id()).isEqualTo(a.id());
      assertThat(restored.mergedIds()).containsExactly(b.id());
      assertThat(restored.attribute("nick")).contains(new TextValue("Bee"));
      assertThat(restored.identifiers()).extracting(i -> i.identifier().value())
          .containsExactlyInAnyOrder("ann@example.com", "b@example.com");
      assertThat(cdp.timeline(a.id(), TimelineQuery.latest(10)).items()).extracting(Event::id)
          .containsExactlyInAnyOrder("e-b", "e-b2");
      assertThat(cdp.getProfile(b.id()).id()).isEqualTo(a.id());
      Profile cAfter = cdp.getProfile(c.id());
      assertThat(cAfter.mergedIds()).isEmpty();
      assertThat(cAfter.attributes()).isEqualTo(c.attributes());
      assertThat(cAfter.identifiers()).extracting(i -> i.identifier().value()).containsExactly("c@example.com");
      assertThat(cdp.timeline(c.id(), TimelineQuery.latest(10)).items()).isEmpty();
      Profile again = cdp.unmerge(b.id(), "agent");
      assertThat(again.attribute("nick")).contains(new TextValue("Bee"));
      assertThat(cdp.getProfile(a.id()).mergedIds()).isEmpty();
    }

    @Test
    @DisplayName("unmerge gives both profiles the updatedAt they would have without the merge")
    void unmergeRestoresUpdatedAt() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).set("name", "Ann").build());
      later();
      Profile bob = cdp.identify(Identify.builder().email("bob@example.com").set("name", "Bob").build());
      later();
      cdp.merge(List.of(ann.id(), bob.id()), "agent");
      later();
      Profile nick = cdp.identify(Identify.builder().profileId(bob.id()).set("nick", "Bobby").build());
      later();
      Profile restored = cdp.unmerge(bob.id(), "agent");
      assertThat(restored.updatedAt()).isEqualTo(nick.updatedAt());
      assertThat(cdp.getProfile(ann.id()).updatedAt()).isEqualTo(ann.updatedAt());
    }

    @Test
    @DisplayName("unmerge gives each profile its own consent decisions and drops those the merge pinned")
    void unmergeRestoresConsents() {
      Cdp cdp = cdp();
      Profile ann = cdp.identify(Identify.builder().identifier(ANN).build());
      ConsentChange granted = ConsentChange.of("email", ConsentStatus.GRANTED, clock.instant(), "form");
      cdp.recordConsent(ann.id(), granted);
      later();
      Profile bob = cdp.identify(Identify.builder().email("bob@example.com").build());
      ConsentChange denied = ConsentChange.of("email", ConsentStatus.DENIED, T0.minusSeconds(60), "import");
      cdp.recordConsent(bob.id(), denied);
      later();
      Profile merged = cdp.merge(List.of(ann.id(), bob.id()), "agent");
      assertThat(merged.consents()).extracting(Consent::status).containsExactly(ConsentStatus.DENIED);
      later();
      cdp.unmerge(bob.id(), "agent");
      assertThat(cdp.consentHistory(ann.id())).containsExactly(granted);
      assertThat(cdp.consentHistory(bob.id())).containsExactly(denied);
      assertThat(cdp.getProfile(ann.id()).consents()).containsExactly(granted.toConsent());
      assertThat(cdp.getProfile(bob.id()).consents()).containsExactly(denied.toConsent());
    }

    @Test
    @DisplayName("a merged profile can take more profiles up to the maximum, and no further")
    void maximum() {
      Cdp cdp = cdp(IdentityRules.defaults().toBuilder().maxManualMerge(3).build());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(cdp.identify(Identify.builder().email("p" + i + "@x.y").build()).id());
        later();
      }
      cdp.merge(List.of(ids.get(0), ids.get(1)), "agent");
      cdp.merge(List.of(ids.get(0), ids.get(2)), "agent");
      assertThatThrownBy(() -> cdp.merge(List.of(ids.get(0), ids.get(3)), "agent"))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("at most 3"));
      assertThat(cdp.countProfiles()).isEqualTo(2);
    }

    @Test
    @DisplayName("merging one profile with itself, or unmerging a live profile, is refused")
    void refusals() {
      Cdp cdp = cdp();
      Profile a = cdp.identify(Identify.builder().identifier(ANN).build());
      assertThatThrownBy(() -> cdp.merge(List.of(a.id(), a.id()), "agent")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> cdp.unmerge(a.id(), "agent"))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("live profile"));
    }

    @Test
    @DisplayName("listeners hear merges and unmerges")
    void listeners() {
      Cdp cdp = cdp();
      List<String> heard = new CopyOnWriteArrayList<>();
      cdp.subscribe(new CdpListener() {
        @Override
        public void profilesMerged(Profile survivor, List<String> absorbedIds) {
          heard.add("merged " + absorbedIds.size());
        }

        @Override
        public void profileUnmerged(Profile survivor, Profile restored) {
          heard.add("unmerged " + restored.id());
        }
      });
      Profile a = cdp.identify(Identify.builder().email("a@x.y").build());
      later();
      Profile b = cdp.identify(Identify.builder().email("b@x.y").build());
      cdp.merge(List.of(a.id(), b.id()), "agent");
      cdp.unmerge(b.id(), "agent");
      assertThat(heard).containsExactly("merged 1", "unmerged " + b.id());
    }
  }

  @Nested
  @DisplayName("main identifier")
  class MainIdentifier {
    @Test
    @DisplayName("the most recently seen identifier of a type is main, unless one is set explicitly")
    void mainPerType() {
      Cdp cdp = cdp();
      Profile p = cdp.identify(Identify.builder().email("old@x.y").build());
      later();
      cdp.identify(Identify.builder().profileId(p.id()).email("new@x.y").build());
      assertThat(cdp.getProfile(p.id()).mainIdentifier("email")).contains(Identifier.email("new@x.y"));
      cdp.setMainIdentifier(p.id(), Identifier.email("old@x.y"));
      later();
      cdp.identify(Identify.builder().profileId(p.id()).email("new@x.y").build());
      assertThat(cdp.getProfile(p.id()).mainIdentifier("email")).contains(Identifier.email("old@x.y"));
      assertThatThrownBy(() -> cdp.setMainIdentifier(p.id(), Identifier.email("other@x.y")))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("concurrent calls merging overlapping identifiers leave each identifier on one live profile and lose no event")
    void overlappingMerges() throws Exception {
      Cdp cdp = cdp();
      int threads = 4;
      int perThread = 150;
      int people = 30;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              int person = (i + thread * 7) % people;
              int round = i / people;
              // Rounds 0 and 3 are device-only calls, making anonymous profiles (or finding the
              // known one); every other round carries the email, which merges them.
              Track.Builder track = Track.builder("view").eventId(thread + "-" + i)
                  .identifier(device(person, thread));
              if (round % 3 != 0) {
                track.identifier(email(person));
              }
              if (round == 2) {
                track.identifier(phone(person));
              }
              cdp.track(track.build());
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(cdp.countEvents()).isEqualTo((long) threads * perThread);
      assertThat(cdp.countProfiles()).isEqualTo(people);
      long events = 0;
      for (int person = 0; person < people; person++) {
        Profile owner = cdp.findProfile(email(person)).orElseThrow();
        assertThat(cdp.findProfile(owner.id())).contains(owner);
        assertThat(cdp.findProfile(phone(person)).orElseThrow().id()).isEqualTo(owner.id());
        for (int thread = 0; thread < threads; thread++) {
          assertThat(cdp.findProfile(device(person, thread)).orElseThrow().id()).isEqualTo(owner.id());
        }
        events += cdp.timeline(owner.id(), TimelineQuery.latest(1000)).items().size();
      }
      assertThat(events).isEqualTo((long) threads * perThread);
    }

    private Identifier email(int person) {
      return Identifier.email("person" + person + "@x.y");
    }

    private Identifier phone(int person) {
      return Identifier.phone("+3160000" + String.format("%04d", person));
    }

    private Identifier device(int person, int thread) {
      return Identifier.deviceId("d" + person + "-" + thread);
    }
  }
}

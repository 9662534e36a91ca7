package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The identity part of the demo: an anonymous visitor's web events join the known customer after
 * a sign-up, a WhatsApp contact is merged by hand and unmerged again, and a blocked test email
 * merges nothing.
 */
final class IdentityStory {
  private final Cdp cdp;
  private final PrintStream out;

  IdentityStory(Cdp cdp, PrintStream out) {
    this.cdp = cdp;
    this.out = out;
  }

  void run() {
    anonymousVisitorSignsUp();
    whatsappContactMergedAndUnmerged();
    blockedTestEmail();
  }

  private void anonymousVisitorSignsUp() {
    out.println();
    out.println("== Identity: an anonymous visitor signs in");
    Profile customer = cdp.identify(Identify.builder().email("mila@example.com").timestamp(at(0))
        .set("first_name", "Mila").source("ticket_shop").build());
    Identifier browser = Identifier.deviceId("web-7f3a9c");
    for (String page : List.of("/line-up", "/tickets", "/faq")) {
      cdp.track(Track.builder("page_view").eventId("demo-view" + page).identifier(browser).source("website")
          .timestamp(at(24)).property("path", page).build());
    }
    Profile anonymous = cdp.findProfile(browser).orElseThrow();
    out.println("anonymous profile with " + events(anonymous) + " page views; customer "
        + identifiers(customer) + " with " + events(customer) + " events");
    Profile signedIn = cdp.identify(Identify.builder().email("mila@example.com").identifier(browser)
        .timestamp(at(25)).source("website").build());
    out.println("after sign-in: " + identifiers(signedIn) + ", " + events(signedIn)
        + " page views; the anonymous id now resolves to the customer: "
        + cdp.findProfile(anonymous.id()).orElseThrow().id().equals(customer.id()));
  }

  private void whatsappContactMergedAndUnmerged() {
    out.println();
    out.println("== Identity: a WhatsApp contact merged by hand, then unmerged");
    Profile customer = cdp.findProfile(Identifier.email("mila@example.com")).orElseThrow();
    Profile whatsapp = cdp.identify(Identify.builder().identifier(Identifier.WHATSAPP, "+31 6 1234 5678")
        .timestamp(at(48)).set("first_name", "Mila (WhatsApp)").source("whatsapp").build());
    cdp.track(Track.builder("message_received").eventId("demo-whatsapp-1").profileId(whatsapp.id()).source("whatsapp")
        .timestamp(at(48)).property("text", "Is there a cloakroom?").build());
    Profile merged = cdp.merge(List.of(customer.id(), whatsapp.id()), "support-agent-7");
    out.println("merged:   " + identifiers(merged) + ", " + events(merged) + " events, name "
        + merged.attribute("first_name").orElseThrow());
    Profile restored = cdp.unmerge(whatsapp.id(), "support-agent-7");
    Profile survivor = cdp.getProfile(merged.id());
    out.println("unmerged: " + identifiers(survivor) + ", " + events(survivor) + " events, name "
        + survivor.attribute("first_name").orElseThrow());
    out.println("restored: " + identifiers(restored) + ", " + events(restored) + " event, name "
        + restored.attribute("first_name").orElseThrow());
    out.println("identity log: " + cdp.identityLog(survivor.id()).stream()
        .map(r -> r.kind() + " by " + r.actor()).collect(Collectors.joining(", ")));
  }

  private void blockedTestEmail() {
    out.println();
    out.println("== Identity: a blocked test email merges nothing");
    Profile first = cdp.identify(Identify.builder().email("sem@example.com").email("test@test.com").build());
    Profile second = cdp.identify(Identify.builder().email("tess@example.com").email("test@test.com").build());
    out.println("two profiles stay apart: " + !first.id().equals(second.id()));
    for (MergeRecord record : cdp.identityLog(first.id())) {
      out.println("logged: " + record.kind() + " " + record.identifiers() + ": " + record.reason());
    }
  }

  /** Hours after the story starts, ten days before the festival. */
  private static Instant at(int hours) {
    return FestivalData.FESTIVAL_START.minus(Duration.ofDays(10)).plus(Duration.ofHours(hours));
  }

  private long events(Profile profile) {
    return cdp.timeline(profile.id(), TimelineQuery.latest(1000)).items().size();
  }

  private static String identifiers(Profile profile) {
    return profile.identifiers().stream().map(ProfileIdentifier::identifier).map(Identifier::toString)
        .collect(Collectors.joining(" ", "[", "]"));
  }
}

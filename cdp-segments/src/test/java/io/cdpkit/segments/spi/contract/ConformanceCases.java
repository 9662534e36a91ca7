package io.cdpkit.segments.spi.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segment language's shared conformance cases, loaded from {@code /conformance/*.json} on the
 * class path (shipped in this module's test-jar; the format is described in {@code
 * conformance/README.md}). Every implementation of the language runs them.
 */
public final class ConformanceCases {
  /** The case files, in the order they are run. */
  public static final List<String> FILES = List.of("public-examples.json", "semantics.json");

  private static final Instant DEFAULT_CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private ConformanceCases() {}

  /** A profile with its events, the evaluation instant and zone. */
  public record Fixture(Profile profile, List<Event> events, Instant now, ZoneId zone) {
    /** An evaluation context at this fixture's instant and zone, with the defaults otherwise. */
    public EvaluationContext context() {
      return EvaluationContext.builder(now).zone(zone).build();
    }
  }

  /** One expression, the fixture it runs against and the result it must give. */
  public record Case(String file, String fixtureName, Fixture fixture, String expression,
      boolean expected) {
    @Override
    public String toString() {
      return file + ": " + expression + " -> " + expected;
    }
  }

  /** Every case of every file. */
  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (String file : FILES) {
      cases.addAll(load(file));
    }
    return cases;
  }

  /** The cases of one file. */
  public static List<Case> load(String file) {
    JsonNode doc = read(file);
    Map<String, Fixture> fixtures = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : doc.get("fixtures").properties()) {
      fixtures.put(entry.getKey(), fixture(entry.getValue()));
    }
    List<Case> cases = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      String name = c.get("fixture").asText();
      Fixture fixture = fixtures.get(name);
      if (fixture == null) {
        throw new IllegalStateException(file + " names an undefined fixture " + name);
      }
      cases.add(new Case(file, name, fixture, c.get("expression").asText(),
          c.get("expected").asBoolean()));
    }
    return cases;
  }

  /** A fixture of the JSON shape described in {@code conformance/README.md}. */
  public static Fixture fixture(JsonNode node) {
    Instant now = Instant.parse(node.get("now").asText());
    ZoneId zone = ZoneId.of(node.has("zone") ? node.get("zone").asText() : "UTC");
    JsonNode p = node.get("profile");
    Instant created = p.has("created_at") ? Instant.parse(p.get("created_at").asText()) : DEFAULT_CREATED;
    Instant updated = p.has("updated_at") ? Instant.parse(p.get("updated_at").asText()) : created;
    List<ProfileIdentifier> identifiers = new ArrayList<>();
    for (JsonNode i : p.path("identifiers")) {
      identifiers.add(new ProfileIdentifier(
          Identifier.of(i.get("type").asText(), i.get("value").asText()), created, created,
          i.path("deliverable").asBoolean(true), false));
    }
    List<Consent> consents = new ArrayList<>();
    for (JsonNode c : p.path("consents")) {
      consents.add(new Consent(c.get("channel").asText(),
          c.path("purpose").asText(Consent.MARKETING),
          ConsentStatus.valueOf(c.get("status").asText()), Instant.parse(c.get("at").asText()),
          "test",
          c.hasNonNull("expires_at") ? Instant.parse(c.get("expires_at").asText()) : null));
    }
    Profile profile = new Profile(p.get("id").asText(),
        (ObjectValue) AttributeJson.fromNode(p.get("attributes")), identifiers, consents, created,
        updated, Set.of());
    List<Event> events = new ArrayList<>();
    int n = 0;
    for (JsonNode e : node.path("events")) {
      Instant at = Instant.parse(e.get("timestamp").asText());
      JsonNode properties = e.path("properties");
      events.add(new Event("e" + n++, profile.id(), e.get("type").asText(), at, at,
          e.path("source").asText("web"),
          properties.isMissingNode() ? ObjectValue.EMPTY : (ObjectValue) AttributeJson.fromNode(properties),
          List.of()));
    }
    return new Fixture(profile, events, now, zone);
  }

  private static JsonNode read(String file) {
    try (InputStream in = ConformanceCases.class.getResourceAsStream("/conformance/" + file)) {
      if (in == null) {
        throw new IllegalStateException("/conformance/" + file + " is not on the class path;"
            + " depend on io.cdpkit:cdp-segments with <type>test-jar</type>");
      }
      return AttributeJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

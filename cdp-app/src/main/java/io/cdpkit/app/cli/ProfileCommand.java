package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.Page;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp profile show|timeline|search}. */
@Command(
    name = "profile",
    footer = {"", "Examples:", "  cdp profile show email:ann@example.com --json", "  cdp profile timeline p-1001 --type purchase --limit 10", "  cdp profile search ann"},
    description = "Show, list the events of, or search profiles.",
    subcommands = {ProfileCommand.Show.class, ProfileCommand.Timeline.class, ProfileCommand.Search.class})
final class ProfileCommand {

  private ProfileCommand() {}

  @Command(name = "show", description = "A profile's attributes, identifiers, consents and segments.")
  static final class Show extends Base {
    @Parameters(paramLabel = "ID_OR_IDENTIFIER", description = "A profile id, a type:value identifier such as email:ann@example.com, or an email address.")
    String id;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Profile profile = resolve(session.cdp, id);
        List<String> segments = session.segments.segmentsOf(profile.id());
        List<String> groups = session.segments.groupsOf(profile.id());
        ObjectNode json = Json.profileDetails(profile);
        json.set("segments", Json.strings(segments));
        json.set("groups", Json.strings(groups));
        StringBuilder text = new StringBuilder("profile ").append(profile.id());
        line(text, "created", Instants.text(profile.createdAt()) + ", updated " + Instants.text(profile.updatedAt()));
        for (ProfileIdentifier identifier : profile.identifiers()) {
          line(text, identifier.type(), identifier.value() + (identifier.main() ? " (main)" : ""));
        }
        for (Map.Entry<String, io.cdpkit.core.profile.AttributeValue> attribute :
            profile.attributes().fields().entrySet()) {
          // A text as it is ("Ann", not "\"Ann\""); numbers, lists and objects as JSON.
          line(text, attribute.getKey(), attribute.getValue() instanceof TextValue t ? t.value() : attribute.getValue().toJson());
        }
        for (Consent consent : profile.consents()) {
          line(text, "consent", consent.channel() + "/" + consent.purpose() + " "
              + consent.status().name().toLowerCase(Locale.ROOT) + " at " + Instants.text(consent.at()));
        }
        line(text, "segments", listed(segments));
        line(text, "groups", listed(groups));
        line(text, "merged ids", listed(new TreeSet<>(profile.mergedIds())));
        Map<String, java.math.BigDecimal> predictions = PredictionsCommand.valuesOf(session, profile.id());
        if (!predictions.isEmpty()) {
          predictions.forEach(json.putObject("predictions")::put);
          line(text, "predictions", predictions.entrySet().stream()
              .map(p -> p.getKey() + " " + p.getValue().toPlainString()).collect(java.util.stream.Collectors.joining(", ")));
        }
        return print(json, text.toString());
      }
    }

    /** The names, or "none" rather than an empty line. */
    private static String listed(java.util.Collection<String> names) {
      return names.isEmpty() ? "none" : String.join(", ", names);
    }
  }

  @Command(name = "timeline", description = "A profile's events, newest first, a page at a time.",
      footer = {"", "Examples:", "  cdp profile timeline p-1001 --type purchase --limit 10",
          "  cdp profile timeline email:ann@example.com --from 2026-05-01T00:00:00Z",
          "  cdp profile timeline p-1001 --limit 10 --cursor CURSOR   # the next page"})
  static final class Timeline extends Base {
    @Parameters(paramLabel = "ID", description = "A profile id or type:value.")
    String id;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Only events at or after this instant.")
    @Nullable Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only events before this instant.")
    @Nullable Instant to;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "The page after the one that printed this cursor.")
    @Nullable String cursor;

    @Option(names = "--type", paramLabel = "T", description = "Only events of this type.")
    @Nullable String type;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events. Default: ${DEFAULT-VALUE}.")
    int limit = 50;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        Profile profile = resolve(session.cdp, id);
        Set<String> types = type == null ? Set.of() : Set.of(type);
        Page<Event> page = session.cdp.timeline(profile.id(), new TimelineQuery(types, from, to, limit, cursor));
        List<Event> events = page.items();
        ObjectNode json = Json.object();
        json.put("profile_id", profile.id());
        ArrayNode items = json.putArray("events");
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
          items.add(Json.event(event));
          text.append(Instants.text(event.timestamp())).append("  ").append(event.type()).append("  ")
              .append(event.properties().toJson()).append(System.lineSeparator());
        }
        text.append(Words.count(events.size(), "event", "events"));
        if (page.next() != null) {
          json.put("next", page.next());
          text.append("; more with --cursor ").append(page.next());
        }
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "search", description = "Profiles whose id, identifier or text attribute starts with TEXT.")
  static final class Search extends Base {
    @Parameters(paramLabel = "TEXT")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", description = "At most N profiles. Default: ${DEFAULT-VALUE}.")
    int limit = 20;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<Profile> found = session.cdp.searchProfiles(prefix, limit);
        ObjectNode json = Json.object();
        json.put("count", found.size());
        ArrayNode profiles = json.putArray("profiles");
        StringBuilder text = new StringBuilder();
        for (Profile profile : found) {
          profiles.add(Json.profile(profile));
          text.append(profile.id());
          profile.identifiers().forEach(i -> text.append("  ").append(i.type()).append(':').append(i.value()));
          text.append(System.lineSeparator());
        }
        text.append(Words.count(found.size(), "profile", "profiles"));
        return print(json, text.toString());
      }
    }
  }

  private static void line(StringBuilder text, String label, String value) {
    text.append(System.lineSeparator()).append(String.format("  %-12s %s", label, value));
  }
}

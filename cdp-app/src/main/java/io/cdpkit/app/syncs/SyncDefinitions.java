package io.cdpkit.app.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.activation.FileDestination;
import io.cdpkit.segments.activation.IdentifierField;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.WebhookDestination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The segment syncs that {@code cdp sync add} and the dashboard keep, in a JSON file beside the
 * database ({@code cdp.db.syncs.json}): which saved segment goes to which destination. The sync's
 * progress lives in the database; this file only says what to build. Immutable.
 */
public final class SyncDefinitions {
  private final Path file;
  private final List<Definition> definitions;

  /**
   * One sync.
   *
   * @param segment the saved segment
   * @param destination the destination's name, part of file names and idempotency keys
   * @param to {@code file:DIR} (an absolute directory) or {@code webhook:URL}
   * @param identifiers the identifier types sent per member
   * @param hash whether identifiers are sent as their SHA-256
   */
  public record Definition(String segment, String destination, String to, List<String> identifiers,
      boolean hash) {
    public Definition {
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(to, "to");
      identifiers = List.copyOf(identifiers);
    }

    /** Builds the destination, checking the target and the identifier types. */
    public SegmentDestination build() {
      IdentifierField[] fields = identifiers.stream()
          .map(type -> hash ? IdentifierField.sha256(type) : IdentifierField.plain(type))
          .toArray(IdentifierField[]::new);
      if (to.startsWith("file:")) {
        return FileDestination.builder(destination, Path.of(to.substring("file:".length())))
            .fields(fields).build();
      }
      if (to.startsWith("webhook:")) {
        URI uri = URI.create(to.substring("webhook:".length()));
        WebhookDestination.Builder webhook = WebhookDestination.builder(destination, uri).fields(fields);
        // The user named this URL, so its host is the one host the destination may call.
        return webhook.allowedHosts(Set.of(uri.getHost())).build();
      }
      throw new InvalidInputException("--to", to, "must be file:DIRECTORY or webhook:URL");
    }
  }

  private SyncDefinitions(Path file, List<Definition> definitions) {
    this.file = file;
    this.definitions = List.copyOf(definitions);
  }

  /** The syncs kept in {@code file}; none when it does not exist. */
  public static SyncDefinitions load(Path file) {
    if (!Files.exists(file)) {
      return new SyncDefinitions(file, List.of());
    }
    try {
      JsonNode root = AttributeJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      List<Definition> definitions = new ArrayList<>();
      for (JsonNode node : root.path("syncs")) {
        List<String> identifiers = new ArrayList<>();
        node.path("identifiers").forEach(type -> identifiers.add(type.asText()));
        definitions.add(new Definition(node.path("segment").asText(), node.path("destination").asText(),
            node.path("to").asText(), identifiers, node.path("hash").asBoolean(false)));
      }
      return new SyncDefinitions(file, definitions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the syncs in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every sync, in the order added. */
  public List<Definition> list() {
    return definitions;
  }

  /**
   * These syncs and {@code definition}.
   *
   * @throws InvalidInputException when its segment already goes to a destination of that name
   */
  public SyncDefinitions with(Definition definition) {
    if (find(definition.segment(), definition.destination()) != null) {
      throw new InvalidInputException("--name", definition.destination(),
          "segment " + definition.segment() + " already syncs to a destination of that name;"
              + " give another --name or remove it first");
    }
    List<Definition> more = new ArrayList<>(definitions);
    more.add(definition);
    return new SyncDefinitions(file, more);
  }

  /**
   * These syncs without the one of {@code segment} to {@code destination}.
   *
   * @throws InvalidInputException when there is no such sync
   */
  public SyncDefinitions without(String segment, String destination) {
    Definition found = find(segment, destination);
    if (found == null) {
      throw new InvalidInputException("SEGMENT DESTINATION", segment + " " + destination,
          "no such sync; cdp sync status lists them");
    }
    List<Definition> fewer = new ArrayList<>(definitions);
    fewer.remove(found);
    return new SyncDefinitions(file, fewer);
  }

  /** The sync of {@code segment} to the destination named {@code destination}, or null. */
  public @Nullable Definition find(String segment, String destination) {
    return definitions.stream()
        .filter(d -> d.segment().equals(segment) && d.destination().equals(destination))
        .findFirst().orElse(null);
  }

  /** Writes the syncs to the file, whole, by an atomic rename. */
  public void save() {
    ObjectNode root = AttributeJson.mapper().createObjectNode();
    ArrayNode syncs = root.putArray("syncs");
    for (Definition definition : definitions) {
      ObjectNode node = syncs.addObject()
          .put("segment", definition.segment())
          .put("destination", definition.destination())
          .put("to", definition.to());
      ArrayNode identifiers = node.putArray("identifiers");
      definition.identifiers().forEach(identifiers::add);
      node.put("hash", definition.hash());
    }
    try {
      Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "syncs", ".tmp");
      Files.writeString(temporary, AttributeJson.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(root) + System.lineSeparator(), StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the syncs to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Adds every sync to the platform being built. */
  public void applyTo(CdpPlatform.Builder builder) {
    definitions.forEach(definition -> builder.sync(definition.segment(), definition.build()));
  }
}

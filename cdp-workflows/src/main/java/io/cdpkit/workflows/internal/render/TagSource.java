package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.BooleanValue;
import io.cdpkit.core.profile.NullValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.TextValue;
import java.util.List;
import java.util.Optional;

/**
 * Where a merge tag (or a send step's address) reads its value, written as text:
 *
 * <ul>
 *   <li>{@code first_name}, {@code address.city}: a profile attribute, dots walking into
 *       objects (an attribute whose own name holds the dots wins); {@code profile.} may prefix it
 *       to reach an attribute named {@code event} or starting with {@code $};
 *   <li>{@code $identifier.email}: the profile's main identifier of that type;
 *   <li>{@code event.festival}: a property of the triggering event, dots walking into objects.
 * </ul>
 *
 * A value that is absent, JSON null or empty text counts as missing; numbers print plainly,
 * lists and objects as JSON.
 */
public sealed interface TagSource
    permits TagSource.ProfileAttribute, TagSource.MainIdentifier, TagSource.EventProperty {

  /**
   * Reads the text form.
   *
   * @throws InvalidInputException naming the text and the rule it breaks
   */
  static TagSource parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "source", text, "must name a profile attribute, $identifier.TYPE or event.PROPERTY");
    }
    String source = text.strip();
    if (source.startsWith("$identifier.")) {
      String type = source.substring("$identifier.".length());
      if (!type.matches("[a-z][a-z0-9_]*")) {
        throw new InvalidInputException(
            "source", text, "identifier type must be lower-case letters, digits or _");
      }
      return new MainIdentifier(type);
    }
    if (source.startsWith("$")) {
      throw new InvalidInputException("source", text, "the only $ source is $identifier.TYPE");
    }
    if (source.startsWith("event.")) {
      return new EventProperty(path(text, source.substring("event.".length())));
    }
    if (source.startsWith("profile.")) {
      return new ProfileAttribute(path(text, source.substring("profile.".length())));
    }
    return new ProfileAttribute(path(text, source));
  }

  /** The value as text, if present and not empty. */
  Optional<String> resolve(RenderContext context);

  /** The text form this source was parsed from, normalised. */
  String text();

  /** A profile attribute, by name or by a path into objects. */
  record ProfileAttribute(String path) implements TagSource {
    @Override
    public Optional<String> resolve(RenderContext context) {
      return walk(context.profile().attributes(), path);
    }

    @Override
    public String text() {
      return path.startsWith("event.") || path.equals("event") || path.startsWith("$")
          ? "profile." + path
          : path;
    }
  }

  /** The profile's main identifier of a type, such as {@code email} or {@code phone}. */
  record MainIdentifier(String type) implements TagSource {
    @Override
    public Optional<String> resolve(RenderContext context) {
      return context.profile().mainIdentifier(type).map(Identifier::value);
    }

    @Override
    public String text() {
      return "$identifier." + type;
    }
  }

  /** A property of the triggering event; missing when there is no event. */
  record EventProperty(String path) implements TagSource {
    @Override
    public Optional<String> resolve(RenderContext context) {
      Optional<Event> event = context.findEvent();
      return event.isEmpty() ? Optional.empty() : walk(event.get().properties(), path);
    }

    @Override
    public String text() {
      return "event." + path;
    }
  }

  private static String path(String text, String path) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new InvalidInputException("source", text, "has an empty name in its path");
    }
    return path;
  }

  private static Optional<String> walk(ObjectValue root, String path) {
    Optional<AttributeValue> whole = root.get(path);
    if (whole.isPresent()) {
      return asText(whole.get());
    }
    AttributeValue current = root;
    for (String name : List.of(path.split("\\."))) {
      if (!(current instanceof ObjectValue object)) {
        return Optional.empty();
      }
      Optional<AttributeValue> next = object.get(name);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return asText(current);
  }

  private static Optional<String> asText(AttributeValue value) {
    if (value instanceof NullValue) {
      return Optional.empty();
    }
    if (value instanceof TextValue text) {
      return text.value().isEmpty() ? Optional.empty() : Optional.of(text.value());
    }
    if (value instanceof NumberValue || value instanceof BooleanValue) {
      return Optional.of(value.toString());
    }
    return Optional.of(value.toJson());
  }
}

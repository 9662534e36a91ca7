package io.cdpkit.core.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpRequest;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.PhoneNumbers;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Applies messages of the common tracking format (the one Segment and RudderStack libraries emit)
 * to a {@link Cdp}, as the {@linkplain io.cdpkit.core.tracking package documentation} maps them.
 * Thread-safe; create one per Cdp and share it.
 *
 * <pre>{@code
 * TrackingMessages tracking = TrackingMessages.of(cdp);
 * tracking.ingest("""
 *     {"type": "track", "messageId": "m-1", "userId": "u-42", "event": "Order Completed",
 *      "properties": {"total": 30}}""");
 * tracking.ingest(MessageType.IDENTIFY, body);  // the type implied by an endpoint such as /v1/identify
 * }</pre>
 *
 * <p>Each message is validated on its own. In a batch, a message that breaks a rule is left out
 * and listed in {@link TrackingResult#rejected()} with its index, the field ({@code
 * batch[2].userId}) and the rule, and the other messages are stored, in message order, in one
 * transaction ({@link Cdp#ingestAll}); clients never resend a batch that was refused, so one bad
 * message must not lose the others. A single message that breaks a rule fails its call with an
 * {@link InvalidInputException} naming the field, and stores nothing.
 */
public final class TrackingMessages {
  /** The default source recorded on profile changes and events. */
  public static final String DEFAULT_SOURCE = "tracking";
  /**
   * The default largest number of messages in one batch: high enough that a batch is bounded by
   * its size in bytes (the endpoint's limit), not by a count.
   */
  public static final int DEFAULT_MAX_BATCH_MESSAGES = 100_000;

  /** Batch-level fields that never apply to the messages. */
  private static final Set<String> NOT_SHARED =
      Set.of("batch", MessageMapper.WRITE_KEY, "timestamp", "messageId", "type");
  private static final Pattern BATCH_INDEX = Pattern.compile("^batch\\[(\\d+)\\]");
  private static final Pattern REQUEST_INDEX = Pattern.compile("^requests\\[(\\d+)\\](.*)$");

  private final Cdp cdp;
  private final MessageMapper mapper;
  private final int maxBatchMessages;
  private final String source;
  private final AliasMerges aliases;

  private TrackingMessages(Builder builder) {
    this.cdp = builder.cdp;
    this.maxBatchMessages = builder.maxBatchMessages;
    this.source = builder.source;
    this.aliases = new AliasMerges(builder.cdp);
    this.mapper =
        new MessageMapper(builder.source, builder.cdp.zone(), builder.phones, this::holdsUserId);
  }

  /** Tracking messages applied to {@code cdp} with the default options. */
  public static TrackingMessages of(Cdp cdp) {
    return builder(cdp).build();
  }

  public static Builder builder(Cdp cdp) {
    return new Builder(cdp);
  }

  /** {@link #ingest(byte[])} of UTF-8 text. */
  public TrackingResult ingest(String json) {
    return ingest(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Applies one message (which must carry its {@code type}) or a batch ({@code {"batch": [...]}}).
   * A message whose id is already stored changes nothing (not even the profile), so delivering the
   * same messages again is safe; a message without {@code messageId} gets an id made from a hash
   * of its content, so an exact re-delivery is recognised too.
   *
   * @throws InvalidInputException naming the field, for malformed JSON or a bad message; nothing
   *     is stored then
   */
  public TrackingResult ingest(byte[] json) {
    JsonNode root = parse(json);
    if (root.has("batch")) {
      return ingestBatch(root);
    }
    return apply(List.of(root), List.of(""), null, false);
  }

  /**
   * Applies one message of the given type, as an endpoint such as {@code /v1/track} receives it:
   * its {@code type} may be left out and must match when present. A batch is refused.
   *
   * @throws InvalidInputException naming the field, for malformed JSON or a bad message
   */
  public TrackingResult ingest(MessageType type, byte[] json) {
    Objects.requireNonNull(type, "type");
    JsonNode root = parse(json);
    if (root.has("batch")) {
      throw new InvalidInputException("batch", null,
          "a batch goes to the batch endpoint, not to " + type.wireName());
    }
    return apply(List.of(root), List.of(""), type, false);
  }

  /**
   * Applies a batch, {@code {"batch": [...]}}; its top-level {@code context} and {@code sentAt}
   * (and any other field but {@code writeKey}, {@code timestamp}, {@code messageId} and {@code
   * type}) apply to every message that lacks them. Messages that break a rule are listed in the
   * result's {@link TrackingResult#rejected()}; the others are stored.
   *
   * @throws InvalidInputException naming the field, for malformed JSON, a body that is not a batch
   *     or a batch over {@link Builder#maxBatchMessages}
   */
  public TrackingResult ingestBatch(byte[] json) {
    JsonNode root = parse(json);
    if (!root.has("batch")) {
      throw new InvalidInputException("batch", null, "is required: an array of messages");
    }
    return ingestBatch(root);
  }

  private TrackingResult ingestBatch(JsonNode root) {
    JsonNode batch = root.get("batch");
    if (!batch.isArray()) {
      throw new InvalidInputException("batch", batch.getNodeType(), "must be an array of messages");
    }
    if (batch.size() > maxBatchMessages) {
      throw new InvalidInputException("batch", batch.size() + " messages",
          "must hold at most " + maxBatchMessages + " messages");
    }
    List<JsonNode> messages = new ArrayList<>(batch.size());
    List<String> paths = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      messages.add(withBatchFields(batch.get(i), root));
      paths.add("batch[" + i + "].");
    }
    return apply(messages, paths, null, true);
  }

  /**
   * The message with the batch's shared fields (context keys, sentAt, ...) it does not set; never
   * the batch's {@code timestamp} (a client's send time, which would beat the skew correction of
   * each message's {@code originalTimestamp}), {@code messageId} or {@code type}.
   */
  private static JsonNode withBatchFields(JsonNode message, JsonNode root) {
    if (!(message instanceof ObjectNode object)) {
      return message;
    }
    ObjectNode merged = null;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String key = field.getKey();
      if (NOT_SHARED.contains(key)) {
        continue;
      }
      JsonNode own = object.get(key);
      if (own == null) {
        merged = merged == null ? object.deepCopy() : merged;
        merged.set(key, field.getValue());
      } else if (key.equals("context") && own.isObject() && field.getValue().isObject()) {
        merged = merged == null ? object.deepCopy() : merged;
        ObjectNode context = field.getValue().deepCopy();
        context.setAll((ObjectNode) own);
        merged.set(key, context);
      }
    }
    return merged == null ? message : merged;
  }

  /**
   * Maps and stores the messages. With {@code tolerant} (a batch) a message that breaks a rule,
   * when mapped or when stored, is left out and listed in the result; otherwise it fails the call.
   */
  private TrackingResult apply(List<JsonNode> messages, List<String> paths,
      @Nullable MessageType expected, boolean tolerant) {
    Instant receivedAt = cdp.clock().instant();
    Map<String, Integer> indexOfId = new LinkedHashMap<>();
    Map<Integer, MessageMapper.Mapped> mapped = new LinkedHashMap<>();
    List<Rejection> rejected = new ArrayList<>();
    int duplicates = 0;
    for (int i = 0; i < messages.size(); i++) {
      MessageMapper.Mapped message;
      try {
        message = mapper.map(messages.get(i), paths.get(i), expected, receivedAt);
      } catch (InvalidInputException e) {
        if (!tolerant) {
          throw e;
        }
        rejected.add(new Rejection(i, e.field(), e.rule()));
        continue;
      }
      if (indexOfId.putIfAbsent(message.eventId(), i) == null) {
        mapped.put(i, message);
      } else {
        duplicates++;
      }
    }
    Set<String> stored = cdp.storage().read(session -> {
      Set<String> found = new HashSet<>();
      for (String id : indexOfId.keySet()) {
        if (session.events().find(id).isPresent()) {
          found.add(id);
        }
      }
      return found;
    });
    duplicates += stored.size();
    // A message the store refuses is left out and the rest tried again, at most once per message.
    while (true) {
      try {
        List<Event> events = store(mapped, paths, stored);
        rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
        return new TrackingResult(events, duplicates, rejected);
      } catch (InvalidInputException e) {
        Rejection rejection = tolerant ? asRejection(e, paths) : null;
        if (rejection == null || mapped.remove(rejection.index()) == null) {
          throw e;
        }
        rejected.add(rejection);
      }
    }
  }

  /**
   * Each message's profile change, then its event, in message order, in one transaction; then the
   * merges that alias messages ask for.
   */
  private List<Event> store(
      Map<Integer, MessageMapper.Mapped> mapped, List<String> paths, Set<String> stored) {
    GroupMemberships groups = new GroupMemberships(cdp, source);
    List<CdpRequest> requests = new ArrayList<>(mapped.size() * 2);
    List<String> requestPaths = new ArrayList<>(mapped.size() * 2);
    for (Map.Entry<Integer, MessageMapper.Mapped> entry : mapped.entrySet()) {
      MessageMapper.Mapped message = entry.getValue();
      String path = paths.get(entry.getKey());
      boolean applied = stored.contains(message.eventId());
      if (message.identify() != null && !applied) {
        requests.add(message.identify());
        requestPaths.add(path);
      }
      if (message.group() != null && !applied) {
        requests.add(groups.join(message.group()));
        requestPaths.add(path);
      }
      requests.add(message.track());
      requestPaths.add(path);
    }
    List<Event> events = inBatchTerms(requestPaths, () -> cdp.ingestAll(requests)).events();
    for (Map.Entry<Integer, MessageMapper.Mapped> entry : mapped.entrySet()) {
      MessageMapper.AliasPair alias = entry.getValue().alias();
      if (alias != null && !stored.contains(entry.getValue().eventId())) {
        aliases.merge(alias, entry.getValue().eventId());
      }
    }
    return events;
  }

  /** The rejection of the batch message an error names ({@code batch[3].field}), if it names one. */
  private static @Nullable Rejection asRejection(InvalidInputException e, List<String> paths) {
    Matcher matcher = BATCH_INDEX.matcher(e.field());
    if (!matcher.lookingAt()) {
      return null;
    }
    int index = Integer.parseInt(matcher.group(1));
    return index < paths.size() ? new Rejection(index, e.field(), e.rule()) : null;
  }

  /** Renames {@code requests[i].field} in an error of an {@code ...All} call to the message path. */
  private static <T> T inBatchTerms(List<String> paths, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (InvalidInputException e) {
      Matcher matcher = REQUEST_INDEX.matcher(e.field());
      if (!matcher.matches()) {
        throw e;
      }
      String path = paths.get(Integer.parseInt(matcher.group(1)));
      String rest = matcher.group(2).startsWith(".") ? matcher.group(2).substring(1) : "";
      String field = path.isEmpty() ? (rest.isEmpty() ? "body" : rest) : path + rest;
      InvalidInputException renamed = new InvalidInputException(
          field.endsWith(".") ? field.substring(0, field.length() - 1) : field, e.value(), e.rule());
      renamed.initCause(e);
      throw renamed;
    }
  }

  private boolean holdsUserId(String id) {
    try {
      return cdp.findProfile(Identifier.userId(id)).isPresent();
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private static JsonNode parse(byte[] json) {
    Objects.requireNonNull(json, "json");
    try {
      JsonNode root = AttributeJson.mapper().readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new InvalidInputException("body", "", "must be a JSON object, was empty");
      }
      if (!root.isObject()) {
        throw new InvalidInputException("body", root.getNodeType(), "must be a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidInputException("body", null,
          "must be valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInputException("body", null, "could not be read: " + e.getMessage());
    }
  }

  /** Configures {@link TrackingMessages}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Cdp cdp;
    private String source = DEFAULT_SOURCE;
    private int maxBatchMessages = DEFAULT_MAX_BATCH_MESSAGES;
    private PhoneNumbers phones = PhoneNumbers.internationalOnly();
    private boolean phonesSet;

    private Builder(Cdp cdp) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
    }

    /** The source recorded on profile changes and events; {@value TrackingMessages#DEFAULT_SOURCE} by default. */
    public Builder source(String source) {
      this.source = Checks.text("source", source, Checks.MAX_ID_LENGTH);
      return this;
    }

    /** The largest batch accepted, 1 to 100,000 messages; {@value TrackingMessages#DEFAULT_MAX_BATCH_MESSAGES} by default. */
    public Builder maxBatchMessages(int max) {
      this.maxBatchMessages = Checks.range("maxBatchMessages", max, 1, 100_000);
      return this;
    }

    /**
     * The region national phone numbers ({@code 0812-3456-7890}) are read in, an ISO 3166 code
     * such as {@code ID}; without one only international numbers become phone identifiers.
     *
     * @throws IllegalArgumentException for an unknown region
     * @throws IllegalStateException when set before
     */
    public Builder phoneRegion(String region) {
      if (phonesSet) {
        throw new IllegalStateException("phoneRegion was already set to "
            + phones.defaultRegion().orElse("none"));
      }
      this.phones = PhoneNumbers.withDefaultRegion(region);
      this.phonesSet = true;
      return this;
    }

    public TrackingMessages build() {
      return new TrackingMessages(this);
    }
  }
}

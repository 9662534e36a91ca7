package io.cdpkit.spring.boot;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.tracking.MessageType;
import io.cdpkit.core.tracking.Rejection;
import io.cdpkit.core.tracking.TrackingMessages;
import io.cdpkit.core.tracking.TrackingResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tracking format (Segment, RudderStack) over Spring MVC: {@code POST {cdp.tracking.path}/TYPE}
 * for {@code identify}, {@code track}, {@code page}, {@code screen}, {@code alias} and {@code group},
 * and {@code /batch}, each applied by {@link TrackingMessages} as {@code docs/tracking.md} maps it.
 * Clients present the write key as the HTTP Basic user name or a Bearer token. Answers 200 with
 * what was stored, 400 for a message that breaks a rule (nothing stored), 401 without the key, 404
 * for another type.
 */
@RestController
public class CdpTrackingController {
  private static final Logger log = LoggerFactory.getLogger(CdpTrackingController.class);

  private final TrackingMessages tracking;
  private final byte[] writeKey;
  private final @Nullable MeterRegistry meterRegistry;

  /** An endpoint applying messages with {@code tracking}, for clients presenting {@code writeKey}. */
  public CdpTrackingController(TrackingMessages tracking, String writeKey, @Nullable MeterRegistry meterRegistry) {
    this.tracking = Objects.requireNonNull(tracking, "tracking");
    this.writeKey = writeKey.getBytes(StandardCharsets.UTF_8);
    this.meterRegistry = meterRegistry;
  }

  /** One message of the type the path names, or a batch. */
  @PostMapping(path = "${cdp.tracking.path:/v1}/{type}")
  public ResponseEntity<Map<String, Object>> ingest(
      @PathVariable String type,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
      @RequestBody byte[] body) {
    if (!presented(authorization)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cdp\"")
          .body(Map.of("error", "unauthorized", "message", "a valid write key is required (Basic user name or Bearer)"));
    }
    Optional<MessageType> messageType = MessageType.fromWireName(type);
    if (messageType.isEmpty() && !type.equals("batch")) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(Map.of("error", "not_found", "message", "no tracking endpoint " + type));
    }
    TrackingResult result;
    try {
      result = messageType.isPresent() ? tracking.ingest(messageType.get(), body) : tracking.ingestBatch(body);
    } catch (InvalidInputException e) {
      rejected(1);
      log.warn("Refused a tracking message: field={} rule={}", e.field(), e.rule());
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", "invalid_input");
      error.put("field", e.field());
      error.put("rule", e.rule());
      return ResponseEntity.badRequest().body(error);
    }
    rejected(result.rejected().size());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("success", true);
    answer.put("messages", result.messages());
    answer.put("duplicates", result.duplicates());
    answer.put("rejected", rejections(result.rejected()));
    return ResponseEntity.ok(answer);
  }

  private static List<Map<String, Object>> rejections(List<Rejection> rejected) {
    return rejected.stream()
        .map(r -> Map.<String, Object>of("index", r.index(), "field", r.field(), "rule", r.rule()))
        .toList();
  }

  private void rejected(int count) {
    if (meterRegistry != null && count > 0) {
      meterRegistry.counter("cdp.events.rejected", "source", "tracking").increment(count);
    }
  }

  private boolean presented(@Nullable String header) {
    String given = null;
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        given = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return false;
      }
    } else if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).trim();
    }
    return given != null && MessageDigest.isEqual(writeKey, given.getBytes(StandardCharsets.UTF_8));
  }
}

package io.cdpkit.workflows;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One step of a workflow. Every step has an id unique within its workflow (letters, digits,
 * {@code _ -}); the id names the step in enrollment positions, histories and idempotency keys,
 * so keep it when editing a workflow. Records only check for nulls; {@link
 * WorkflowEngine#save} reports every problem at once. Immutable and thread-safe.
 */
public sealed interface Step
    permits Step.Wait, Step.WaitUntilEvent, Step.WaitUntilTime, Step.SendEmail,
        Step.SendMessage, Step.HttpCall, Step.Branch {

  /** The step's id, unique within the workflow. */
  String id();

  /** Waits for a duration. */
  static Wait waitFor(String id, Duration duration) {
    return new Wait(id, duration);
  }

  /**
   * Waits until a time relative to a date in the profile or the triggering event, written as
   * {@code FIELD} or {@code N UNIT(s) before|after FIELD}, such as {@code 1 hour before
   * event.event_start} (units: minute, hour, day, week).
   *
   * @throws IllegalArgumentException when the text does not have that form
   */
  static WaitUntilTime waitUntil(String id, String when) {
    return WaitUntilTime.parse(id, when);
  }

  /** Waits a duration. */
  record Wait(String id, Duration duration) implements Step {
    public Wait {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * Waits until an event of a type is stored for the profile (then runs {@code onEvent}) or the
   * timeout passes (then runs {@code onTimeout}); either path then goes on after this step.
   */
  record WaitUntilEvent(
      String id, String eventType, Duration timeout, List<Step> onEvent, List<Step> onTimeout)
      implements Step {
    public WaitUntilEvent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(eventType, "eventType");
      Objects.requireNonNull(timeout, "timeout");
      onEvent = List.copyOf(onEvent);
      onTimeout = List.copyOf(onTimeout);
    }
  }

  /**
   * Waits until the date in {@code field} plus {@code offset} (negative for "before"). The field
   * is a profile attribute or {@code event.PROPERTY} of the triggering event, holding an ISO
   * instant or offset date-time, a local date-time or date (read in the engine's zone), or epoch
   * milliseconds. A time already past, or a missing date, goes on at once.
   */
  record WaitUntilTime(String id, String field, Duration offset) implements Step {
    private static final Pattern FORM =
        Pattern.compile(
            "\\s*(?:(\\d+)\\s+(minute|hour|day|week)s?\\s+(before|after)\\s+)?(\\S+)\\s*");

    public WaitUntilTime {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(offset, "offset");
    }

    static WaitUntilTime parse(String id, String when) {
      Matcher m = FORM.matcher(Objects.requireNonNull(when, "when"));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "'" + when + "' is not FIELD or 'N unit(s) before|after FIELD'");
      }
      Duration offset = Duration.ZERO;
      if (m.group(1) != null) {
        long n = Long.parseLong(m.group(1));
        Duration unit =
            switch (m.group(2)) {
              case "minute" -> Duration.ofMinutes(1);
              case "hour" -> Duration.ofHours(1);
              case "day" -> Duration.ofDays(1);
              default -> Duration.ofDays(7);
            };
        offset = unit.multipliedBy(m.group(3).equals("before") ? -n : n);
      }
      return new WaitUntilTime(id, m.group(4), offset);
    }
  }

  /**
   * Sends an email: the address is read from {@code addressProperty} (such as {@code
   * $identifier.email}), subject and bodies are templates with {@code {{tag}}} merge tags.
   *
   * @param templateId the template's name, sent as an {@code X-Template-Id} header
   * @param from the sender, or null for the email sender's default
   */
  record SendEmail(
      String id,
      String templateId,
      String addressProperty,
      @Nullable String from,
      String subject,
      @Nullable String htmlBody,
      @Nullable String textBody,
      List<MergeTag> tags)
      implements Step {
    public SendEmail {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(templateId, "templateId");
      Objects.requireNonNull(addressProperty, "addressProperty");
      Objects.requireNonNull(subject, "subject");
      tags = List.copyOf(tags);
    }
  }

  /**
   * Sends a message on a channel such as {@code sms} or {@code whatsapp}; the number is read from
   * {@code phoneProperty} (such as {@code $identifier.phone}).
   */
  record SendMessage(
      String id,
      String channel,
      String templateId,
      String phoneProperty,
      String text,
      List<MergeTag> tags)
      implements Step {
    public SendMessage {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(templateId, "templateId");
      Objects.requireNonNull(phoneProperty, "phoneProperty");
      Objects.requireNonNull(text, "text");
      tags = List.copyOf(tags);
    }
  }

  /**
   * Calls an HTTP endpoint: values in the URL template are percent-encoded, the body template is
   * JSON-escaped when the {@code Content-Type} header names JSON.
   *
   * @param expectedStatus the one status that means success, or null for any 2xx
   */
  record HttpCall(
      String id,
      String method,
      String url,
      Map<String, String> headers,
      @Nullable String body,
      @Nullable Integer expectedStatus,
      Duration timeout,
      List<MergeTag> tags)
      implements Step {
    public HttpCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(url, "url");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      Objects.requireNonNull(timeout, "timeout");
      tags = List.copyOf(tags);
    }
  }

  /** Runs {@code then} when the profile matches the segment expression, else {@code otherwise}. */
  record Branch(String id, String condition, List<Step> then, List<Step> otherwise)
      implements Step {
    public Branch {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(condition, "condition");
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }
}

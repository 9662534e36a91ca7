package io.cdpkit.test;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link Profile}: attributes, identifiers, consent, segments. */
public final class ProfileAssert extends AbstractObjectAssert<ProfileAssert, Profile> {

  ProfileAssert(Profile actual) {
    super(actual, ProfileAssert.class);
  }

  /** The attribute holds the value ({@code 25}, {@code "Utrecht"}, a list...). */
  public ProfileAssert hasAttribute(String name, Object value) {
    isNotNull();
    AttributeValue expected = AttributeValue.of(value);
    Optional<AttributeValue> found = actual.attribute(name);
    if (found.isEmpty() || !found.get().equals(expected)) {
      failWithMessage("Expected profile %s to have attribute %s = %s but it was %s",
          actual.id(), name, expected.toJson(), found.map(AttributeValue::toJson).orElse("absent"));
    }
    return this;
  }

  public ProfileAssert doesNotHaveAttribute(String name) {
    isNotNull();
    if (actual.attribute(name).isPresent()) {
      failWithMessage("Expected profile %s to have no attribute %s but it was %s",
          actual.id(), name, actual.attribute(name).get().toJson());
    }
    return this;
  }

  public ProfileAssert hasIdentifier(Identifier identifier) {
    isNotNull();
    if (!actual.has(identifier)) {
      failWithMessage("Expected profile %s to hold %s but it holds %s",
          actual.id(), identifier, actual.identifiers().stream().map(i -> i.identifier().toString()).toList());
    }
    return this;
  }

  /** The marketing consent of the channel at {@code now} is {@code status}. */
  public ProfileAssert hasConsent(String channel, ConsentStatus status, Instant now) {
    isNotNull();
    ConsentStatus found = actual.consentStatus(channel, now);
    if (found != status) {
      failWithMessage("Expected profile %s to have %s consent %s but it was %s", actual.id(), channel, status, found);
    }
    return this;
  }

  public ProfileAssert isInSegment(Segments segments, String name) {
    isNotNull();
    if (!segments.isMember(name, actual.id())) {
      failWithMessage("Expected profile %s to be in segment %s; it is in %s", actual.id(), name, segments.segmentsOf(actual.id()));
    }
    return this;
  }

  public ProfileAssert isNotInSegment(Segments segments, String name) {
    isNotNull();
    if (segments.isMember(name, actual.id())) {
      failWithMessage("Expected profile %s not to be in segment %s", actual.id(), name);
    }
    return this;
  }
}

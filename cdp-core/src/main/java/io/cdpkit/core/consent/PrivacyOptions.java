package io.cdpkit.core.consent;

import io.cdpkit.core.profile.ObjectValue;
import java.util.Objects;
import java.util.Set;

/**
 * Privacy settings of a Cdp: the reachability policy, whether erased identifiers are kept as
 * one-way hashes to drop later events that carry them, and which attributes are personal (removed
 * by anonymisation). Immutable; start from {@link #defaults()}.
 *
 * @param suppressErasedIdentifiers when true, erasure keeps a SHA-256 hash of each erased
 *     identifier and later calls carrying one are refused with {@link
 *     io.cdpkit.core.SuppressedIdentifierException}; off by default, since keeping even a hash is
 *     the user's decision to make
 * @param personalAttributes attribute names that anonymisation removes
 */
public record PrivacyOptions(
    ReachabilityPolicy reachability, boolean suppressErasedIdentifiers, Set<String> personalAttributes) {

  /** The attributes treated as personal unless configured otherwise. */
  public static final Set<String> DEFAULT_PERSONAL_ATTRIBUTES =
      Set.of("name", "first_name", "last_name", "full_name", "email", "phone", "address",
          "street", "zip", "postal_code", "birth_date", "birthday", "date_of_birth", "ip");

  public PrivacyOptions {
    Objects.requireNonNull(reachability, "reachability");
    personalAttributes = Set.copyOf(personalAttributes);
    personalAttributes.forEach(ObjectValue::checkName);
  }

  public static PrivacyOptions defaults() {
    return new PrivacyOptions(ReachabilityPolicy.defaults(), false, DEFAULT_PERSONAL_ATTRIBUTES);
  }

  public PrivacyOptions withReachability(ReachabilityPolicy policy) {
    return new PrivacyOptions(policy, suppressErasedIdentifiers, personalAttributes);
  }

  public PrivacyOptions withSuppression(boolean suppress) {
    return new PrivacyOptions(reachability, suppress, personalAttributes);
  }

  public PrivacyOptions withPersonalAttributes(Set<String> names) {
    return new PrivacyOptions(reachability, suppressErasedIdentifiers, names);
  }
}

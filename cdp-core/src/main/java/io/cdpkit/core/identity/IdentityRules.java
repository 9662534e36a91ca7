package io.cdpkit.core.identity;

import io.cdpkit.core.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of identity resolution: per identifier type how it merges, its priority and limit;
 * blocked values; caps against over-merging; attribute survivorship. Immutable; start from {@link
 * #defaults()} and change with {@link #toBuilder()}.
 *
 * <p>Defaults: {@code user_id} merges, priority 100, limit 1, exclusive; {@code email} merges, 90,
 * limit 5; {@code phone} merges, 80, limit 3; {@code whatsapp} and {@code sms} merge, 70, limit 3;
 * {@code device_id} (20, limit 20) and {@code anonymous_id} (10, limit 50) link anonymous activity
 * only; any other type merges with priority 50 and limit 10. At most 5 profiles join in one step,
 * a profile absorbs at most 100 over its life, a manual merge combines at most 10. The built-in
 * junk list (below) is blocked for every type.
 */
public final class IdentityRules {
  /** Values that are never a person, blocked for every type unless switched off. */
  public static final List<String> DEFAULT_JUNK_VALUES =
      List.of("anonymous", "guest", "null", "undefined", "none", "0", "nan", "[object object]",
          "test@test.com");
  /** Patterns of values that are never a person: no-reply mailboxes. */
  public static final List<String> DEFAULT_JUNK_PATTERNS = List.of("(?i)no-?reply@.*");
  /** Compiled once: every identifier of every event is tested against them. */
  private static final List<Pattern> JUNK_PATTERNS =
      DEFAULT_JUNK_PATTERNS.stream().map(Pattern::compile).toList();

  private final Map<String, IdentifierRule> rules;
  private final IdentifierRule fallback;
  private final Map<String, List<String>> blockedValues;
  private final Map<String, List<Pattern>> blockedPatterns;
  private final boolean defaultBlocklist;
  private final int maxProfilesPerMerge;
  private final int maxMergedProfiles;
  private final int maxManualMerge;
  private final Map<String, Survivorship> survivorship;

  private IdentityRules(Builder builder) {
    this.rules = Map.copyOf(builder.rules);
    this.fallback = builder.fallback;
    this.blockedValues = copyLists(builder.blockedValues);
    this.blockedPatterns = copyLists(builder.blockedPatterns);
    this.defaultBlocklist = builder.defaultBlocklist;
    this.maxProfilesPerMerge = builder.maxProfilesPerMerge;
    this.maxMergedProfiles = builder.maxMergedProfiles;
    this.maxManualMerge = builder.maxManualMerge;
    this.survivorship = Map.copyOf(builder.survivorship);
  }

  private static <T> Map<String, List<T>> copyLists(Map<String, List<T>> source) {
    Map<String, List<T>> copy = new LinkedHashMap<>();
    source.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Map.copyOf(copy);
  }

  public static IdentityRules defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults with no automatic merges: every identifier type attaches to its profile only
   * ({@link MergePolicy#NEVER}); manual merges still work.
   */
  public static IdentityRules noAutomaticMerge() {
    IdentityRules defaults = defaults();
    Builder builder = defaults.toBuilder().ruleForOtherTypes(MergePolicy.NEVER, 50, 10);
    for (String type : List.of("user_id", "email", "phone", "whatsapp", "sms", "device_id", "anonymous_id")) {
      IdentifierRule rule = defaults.rule(type);
      builder.rule(new IdentifierRule(type, MergePolicy.NEVER, rule.priority(), rule.limit(), rule.exclusive()));
    }
    return builder.build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The rule of a type: its own, or the rule for unlisted types. */
  public IdentifierRule rule(String type) {
    IdentifierRule rule = rules.get(type);
    return rule != null ? rule : new IdentifierRule(type, fallback.merge(), fallback.priority(), fallback.limit(), fallback.exclusive());
  }

  /** True when the identifier's value is blocked for its type (or by the junk list). */
  public boolean isBlocked(Identifier identifier) {
    String value = identifier.value();
    String unquoted = unquote(value);
    if (defaultBlocklist && isJunk(unquoted)) {
      return true;
    }
    for (String type : List.of(identifier.type(), "*")) {
      for (String blocked : blockedValues.getOrDefault(type, List.of())) {
        if (blocked.equalsIgnoreCase(value) || blocked.equalsIgnoreCase(unquoted)) {
          return true;
        }
      }
      for (Pattern pattern : blockedPatterns.getOrDefault(type, List.of())) {
        if (pattern.matcher(value).matches() || pattern.matcher(unquoted).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isJunk(String value) {
    if (DEFAULT_JUNK_VALUES.contains(value.toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (Pattern pattern : JUNK_PATTERNS) {
      if (pattern.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      char last = value.charAt(value.length() - 1);
      if ((first == '"' || first == '\'') && first == last) {
        return value.substring(1, value.length() - 1).strip();
      }
    }
    return value;
  }

  public int maxProfilesPerMerge() {
    return maxProfilesPerMerge;
  }

  public int maxMergedProfiles() {
    return maxMergedProfiles;
  }

  public int maxManualMerge() {
    return maxManualMerge;
  }

  /** The survivorship of an attribute ({@link Survivorship#mostRecent()} unless configured). */
  public Survivorship survivorship(String attribute) {
    return survivorship.getOrDefault(attribute, Survivorship.mostRecent());
  }

  /** True when some attribute has a rule other than most-recent. */
  public boolean hasCustomSurvivorship() {
    return !survivorship.isEmpty();
  }

  @Override
  public String toString() {
    return "IdentityRules" + rules.keySet();
  }

  /** Builds {@link IdentityRules}; each method checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, IdentifierRule> rules = new LinkedHashMap<>();
    private IdentifierRule fallback = new IdentifierRule("other", MergePolicy.MERGE, 50, 10, false);
    private final Map<String, List<String>> blockedValues = new LinkedHashMap<>();
    private final Map<String, List<Pattern>> blockedPatterns = new LinkedHashMap<>();
    private boolean defaultBlocklist = true;
    private int maxProfilesPerMerge = 5;
    private int maxMergedProfiles = 100;
    private int maxManualMerge = 10;
    private final Map<String, Survivorship> survivorship = new LinkedHashMap<>();

    private Builder() {
      rule(new IdentifierRule(Identifier.USER_ID, MergePolicy.MERGE, 100, 1, true));
      rule(new IdentifierRule(Identifier.EMAIL, MergePolicy.MERGE, 90, 5, false));
      rule(new IdentifierRule(Identifier.PHONE, MergePolicy.MERGE, 80, 3, false));
      rule(new IdentifierRule(Identifier.WHATSAPP, MergePolicy.MERGE, 70, 3, false));
      rule(new IdentifierRule(Identifier.SMS, MergePolicy.MERGE, 70, 3, false));
      rule(new IdentifierRule(Identifier.DEVICE_ID, MergePolicy.ANONYMOUS_ONLY, 20, 20, false));
      rule(new IdentifierRule(Identifier.ANONYMOUS_ID, MergePolicy.ANONYMOUS_ONLY, 10, 50, false));
    }

    private Builder(IdentityRules from) {
      rules.putAll(from.rules);
      fallback = from.fallback;
      from.blockedValues.forEach((k, v) -> blockedValues.put(k, new ArrayList<>(v)));
      from.blockedPatterns.forEach((k, v) -> blockedPatterns.put(k, new ArrayList<>(v)));
      defaultBlocklist = from.defaultBlocklist;
      maxProfilesPerMerge = from.maxProfilesPerMerge;
      maxMergedProfiles = from.maxMergedProfiles;
      maxManualMerge = from.maxManualMerge;
      survivorship.putAll(from.survivorship);
    }

    /** Sets the rule of its type, replacing the default. */
    public Builder rule(IdentifierRule rule) {
      rules.put(rule.type(), Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** The rule for types without one of their own. */
    public Builder ruleForOtherTypes(MergePolicy merge, int priority, int limit) {
      fallback = new IdentifierRule("other", merge, priority, limit, false);
      return this;
    }

    /** Never merges by this exact value (compared ignoring case); {@code "*"} means every type. */
    public Builder block(String type, String value) {
      if (!type.equals("*")) {
        Checks.typeName("type", type);
      }
      blockedValues.computeIfAbsent(type, k -> new ArrayList<>()).add(Checks.text("value", value, 512));
      return this;
    }

    /** Never merges by values fully matching this regular expression; {@code "*"}: every type. */
    public Builder blockPattern(String type, String regex) {
      if (!type.equals("*")) {
        Checks.typeName("type", type);
      }
      try {
        blockedPatterns.computeIfAbsent(type, k -> new ArrayList<>()).add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new io.cdpkit.core.InvalidInputException("pattern", regex, "must be a valid regular expression: " + e.getDescription());
      }
      return this;
    }

    /** Switches the built-in junk list off (or on again). */
    public Builder defaultBlocklist(boolean enabled) {
      defaultBlocklist = enabled;
      return this;
    }

    /** At most this many profiles join in one automatic step (2 or more). */
    public Builder maxProfilesPerMerge(int max) {
      maxProfilesPerMerge = Checks.range("maxProfilesPerMerge", max, 2, 10_000);
      return this;
    }

    /** At most this many profiles merge into one over its life. */
    public Builder maxMergedProfiles(int max) {
      maxMergedProfiles = Checks.range("maxMergedProfiles", max, 1, 1_000_000);
      return this;
    }

    /** At most this many profiles, the survivor included, a manual merge may combine. */
    public Builder maxManualMerge(int max) {
      maxManualMerge = Checks.range("maxManualMerge", max, 2, 10_000);
      return this;
    }

    /** How the attribute's value is chosen when histories meet. */
    public Builder survivorship(String attribute, Survivorship rule) {
      survivorship.put(io.cdpkit.core.profile.ObjectValue.checkName(attribute), Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public IdentityRules build() {
      return new IdentityRules(this);
    }
  }
}

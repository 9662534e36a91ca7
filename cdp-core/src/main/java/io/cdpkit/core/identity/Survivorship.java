package io.cdpkit.core.identity;

import io.cdpkit.core.profile.AttributeValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which value an attribute keeps when the updates of several source profiles meet (on a merge,
 * and whenever a profile's history is replayed). The default is {@link #mostRecent()}.
 */
public sealed interface Survivorship {

  /** The value from the latest update wins (by the update's timestamp). */
  static Survivorship mostRecent() {
    return MostRecent.INSTANCE;
  }

  /** The first value ever set wins; later sets are ignored while a value exists. */
  static Survivorship firstSeen() {
    return FirstSeen.INSTANCE;
  }

  /**
   * The value from the source listed earliest wins; sources not listed rank below all listed ones;
   * among equal ranks the most recent wins.
   */
  static Survivorship sourcePriority(String... sources) {
    return new SourcePriority(List.of(sources));
  }

  /** A function chooses between the value held and an incoming one. */
  static Survivorship custom(Resolver resolver) {
    return new Custom(resolver);
  }

  /** The most recent value wins. */
  enum MostRecent implements Survivorship {
    INSTANCE
  }

  /** The first value set wins. */
  enum FirstSeen implements Survivorship {
    INSTANCE
  }

  /** The highest-ranked source wins. */
  record SourcePriority(List<String> sources) implements Survivorship {
    public SourcePriority {
      sources = List.copyOf(sources);
    }

    /** The rank of a source: its index, or the list size when unlisted (lower ranks win). */
    public int rank(String source) {
      int index = sources.indexOf(source);
      return index < 0 ? sources.size() : index;
    }
  }

  /** A caller-supplied choice. */
  record Custom(Resolver resolver) implements Survivorship {
    public Custom {
      Objects.requireNonNull(resolver, "resolver");
    }
  }

  /** A value with where and when it was set. */
  record Candidate(AttributeValue value, Instant at, String source, String originProfileId) {}

  /** Chooses the value an attribute keeps. Must be deterministic and side-effect free. */
  @FunctionalInterface
  interface Resolver {
    /** Returns the value to keep: usually {@code held.value()} or {@code incoming.value()}. */
    AttributeValue choose(Candidate held, Candidate incoming);
  }
}

package io.cdpkit.benchmarks.scale;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.storage.sqlite.Durability;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A file shaped like real use, grown from empty through the library (identifyAll, trackAll,
 * recordConsent, markUndeliverable) with no manual maintenance, and kept between runs.
 *
 * <p>Shape: {@value #DEFAULT_PROFILES} profiles identified by email (a third also by phone) with
 * {@code age} 16-75, {@code city} (Zipf over 40 cities), {@code plan} and an {@code interests}
 * list of {key, value} objects; {@value #DEFAULT_EVENTS} events over {@value #TYPE_COUNT} types,
 * the person and the type of each drawn from Zipf laws (people: exponent 1.0, shift 200, so the
 * busiest person has about 1,600 events and the median about 10; types: exponent 1.2, so
 * {@code page_view} is about 38% and {@code purchase} about 6%), timestamps uniform over the 365
 * days before {@link #NOW}; purchases carry {@code amount} and {@code category}. One profile in
 * ten has recorded email consent (four granted for one denied), one in fifty an undeliverable
 * email. Event ids are fixed, so a rebuild stores the same events. The build writes with {@code
 * Durability.NORMAL} (commits not synced one by one), in batches of 1,000 requests.
 *
 * <p>The file is {@code target/scale-data/cdp-P-E.db} (P profiles, E events; system properties
 * {@code cdp.scale.profiles} and {@code cdp.scale.events} choose smaller files for trial runs). It
 * is written under a temporary name and renamed when complete, so an interrupted build is not
 * reused.
 */
public final class ScaleDataset {
  /** The clock of the build and of every query on the file. */
  public static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final int DEFAULT_PROFILES = 100_000;
  static final int DEFAULT_EVENTS = 2_000_000;
  static final int TYPE_COUNT = 24;
  /** Event types, most frequent first. */
  public static final List<String> TYPES = List.of(
      "page_view", "product_view", "search", "add_to_cart", "purchase", "email_open",
      "email_click", "login", "logout", "wishlist_add", "review", "share", "coupon_applied",
      "checkout_started", "payment_failed", "refund", "subscription_started",
      "subscription_cancelled", "support_ticket", "app_install", "push_open", "referral",
      "survey_answered", "account_deleted");
  static final List<String> CATEGORIES = List.of(
      "books", "music", "games", "garden", "kitchen", "sports", "toys", "shoes", "phones",
      "laptops", "cameras", "beauty");
  private static final int BATCH = 1_000;

  private ScaleDataset() {}

  /** How many profiles the file holds. */
  public static int profiles() {
    return Integer.getInteger("cdp.scale.profiles", DEFAULT_PROFILES);
  }

  /** How many events the file holds. */
  public static int events() {
    return Integer.getInteger("cdp.scale.events", DEFAULT_EVENTS);
  }

  /** The file, built first when missing. */
  public static synchronized Path file() {
    Path dir = Path.of(System.getProperty("cdp.scale.dir", "target/scale-data"));
    Path file = dir.resolve("cdp-" + profiles() + "-" + events() + ".db");
    if (Files.exists(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Path building = dir.resolve(file.getFileName() + ".building");
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(building + suffix));
      }
      long start = System.nanoTime();
      build(building, profiles(), events());
      System.out.printf("built %s in %.1f s%n", file, (System.nanoTime() - start) / 1e9);
      Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The email of person {@code n}. */
  public static String email(int n) {
    return "person" + n + "@" + (n % 3 == 0 ? "gmail.com" : n % 3 == 1 ? "example.org" : "mail.de");
  }

  private static void build(Path file, int profiles, int events) {
    // NORMAL: in WAL mode a commit is not synced to disk at once, as a bulk load would choose.
    SqliteOptions options = SqliteOptions.builder().durability(Durability.NORMAL).build();
    try (SqliteStorage storage = SqliteStorage.open(file, options);
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      fill(cdp, profiles, events);
    }
  }

  /**
   * Writes the data set's people and events through {@code cdp} (its clock fixed at {@link #NOW}),
   * the same for any store: same seed, same order.
   */
  static void fill(Cdp cdp, int profiles, int events) {
    generate(profiles, events, new Sink() {
      @Override
      public void people(List<Identify> batch, int first) {
        recordConsents(cdp, cdp.identifyAll(batch), first);
      }

      @Override
      public void afterPeople() {
        for (int n = 0; n < profiles; n += 50) {
          cdp.markUndeliverable(Identifier.email(email(n)), "bounced", "benchmark");
        }
      }

      @Override
      public void events(List<Track> batch) {
        cdp.trackAll(batch);
      }
    });
  }

  /** Where {@link #generate} sends the data set, in batches of {@value #BATCH}. */
  interface Sink {
    /** People {@code first}, {@code first + 1}, ... in order. */
    void people(List<Identify> batch, int first);

    /** After the last person, before the first event. */
    void afterPeople();

    void events(List<Track> batch);
  }

  /** Generates the data set into {@code sink}: same seed, same order every time. */
  static void generate(int profiles, int events, Sink sink) {
    Random random = new Random(20_260_615L);
    Zipf cities = new Zipf(40, 1.0, 0);
    List<Identify> people = new ArrayList<>(BATCH);
    for (int n = 0; n < profiles; n++) {
      Identify.Builder person = Identify.builder().email(email(n))
          .set("age", 16 + random.nextInt(60))
          .set("city", "city" + cities.next(random))
          .set("plan", n % 5 == 0 ? "pro" : "free")
          .set("interests", List.of(
              Map.of("key", CATEGORIES.get(random.nextInt(CATEGORIES.size())), "value", random.nextInt(100)),
              Map.of("key", CATEGORIES.get(random.nextInt(CATEGORIES.size())), "value", random.nextInt(100))))
          .timestamp(NOW.minusSeconds(random.nextInt(400 * 86_400)));
      if (n % 3 == 0) {
        person.phone(String.format("+49151%08d", n));
      }
      people.add(person.build());
      if (people.size() == BATCH) {
        sink.people(people, n - BATCH + 1);
        people.clear();
      }
    }
    if (!people.isEmpty()) {
      sink.people(people, profiles - people.size());
    }
    sink.afterPeople();
    System.out.printf("  %s %,d profiles%n", Instant.now(), profiles);
    Zipf who = new Zipf(profiles, 1.0, 200);
    Zipf what = new Zipf(TYPE_COUNT, 1.2, 0);
    Zipf category = new Zipf(CATEGORIES.size(), 0.8, 0);
    // Ranks are spread over the people, so the heavy users are not the first identified.
    int[] person = new int[profiles];
    for (int i = 0; i < profiles; i++) {
      person[i] = i;
    }
    for (int i = profiles - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = person[i];
      person[i] = person[j];
      person[j] = t;
    }
    List<Track> batch = new ArrayList<>(BATCH);
    for (int e = 0; e < events; e++) {
      String type = TYPES.get(what.next(random));
      Track.Builder track = Track.builder(type)
          .eventId("e" + e)
          .identifier("email", email(person[who.next(random)]))
          .timestamp(NOW.minusMillis((long) (random.nextDouble() * 365 * 86_400_000L)))
          .source(random.nextInt(4) == 0 ? "app" : "web");
      if (type.equals("purchase") || type.equals("refund") || type.equals("add_to_cart")) {
        track.property("amount", BigDecimal.valueOf(100 + random.nextInt(30_000), 2))
            .property("category", CATEGORIES.get(category.next(random)));
      } else {
        track.property("path", "/p/" + random.nextInt(500));
      }
      batch.add(track.build());
      if (batch.size() == BATCH) {
        sink.events(batch);
        batch.clear();
      }
      if (e % 100_000 == 99_999) {
        System.out.printf("  %s %,d events%n", Instant.now(), e + 1);
      }
    }
    if (!batch.isEmpty()) {
      sink.events(batch);
    }
  }

  /** One profile in ten records email consent: four granted for one denied. */
  private static void recordConsents(Cdp cdp, List<Profile> profiles, int first) {
    for (int i = 0; i < profiles.size(); i++) {
      int n = first + i;
      if (n % 10 == 0) {
        ConsentStatus status = n % 50 == 0 ? ConsentStatus.DENIED : ConsentStatus.GRANTED;
        cdp.recordConsent(profiles.get(i).id(),
            ConsentChange.of("email", status, NOW.minusSeconds(86_400), "benchmark"));
      }
    }
  }

  /** Builds the file for the current properties: {@code java -cp benchmarks.jar io.cdpkit.benchmarks.scale.ScaleDataset}. */
  public static void main(String[] args) {
    System.out.println(file());
  }
}

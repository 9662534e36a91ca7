package io.cdpkit.examples;

import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the festival story of the product guides, deterministically from a seed: customers
 * sign up, buy tickets for The Festival 2018, get their tickets scanned at the gate and buy drinks
 * at the bar.
 */
final class FestivalData {
  static final String FESTIVAL = "The Festival 2018";
  static final Instant FESTIVAL_START = Instant.parse("2018-07-13T14:00:00Z");

  private static final String[] FIRST_NAMES = {
    "Ann", "Bram", "Chloe", "Daan", "Eva", "Finn", "Gijs", "Hanna", "Ivo", "Julia", "Kees", "Lotte",
    "Milan", "Noor", "Otto", "Puck", "Roos", "Sem", "Tess", "Vera"
  };
  private static final String[] CITIES = {"Utrecht", "Amsterdam", "Rotterdam", "Delft", "Leiden"};
  private static final String[] DRINKS = {"beer", "cola", "water", "wine"};

  private final Random random;
  private int barVisitor = -1;
  private final List<Identify> identifies = new ArrayList<>();
  private final List<Track> tracks = new ArrayList<>();

  FestivalData(long seed, int customers) {
    this.random = new Random(seed);
    for (int i = 0; i < customers; i++) {
      addCustomer(i);
    }
  }

  List<Identify> identifies() {
    return identifies;
  }

  List<Track> tracks() {
    return tracks;
  }

  /** A customer who bought tickets, was scanned in and had at least three drinks. */
  int barVisitor() {
    return barVisitor;
  }

  static String email(int customer) {
    return FIRST_NAMES[customer % FIRST_NAMES.length].toLowerCase(java.util.Locale.ROOT)
        + "." + customer + "@example.com";
  }

  private void addCustomer(int i) {
    String email = email(i);
    Identifier id = Identifier.email(email);
    Instant signup = FESTIVAL_START.minus(Duration.ofDays(30 + random.nextInt(150)));
    LocalDate birthDate =
        LocalDate.of(1960 + random.nextInt(42), 1 + random.nextInt(12), 1 + random.nextInt(28));
    int age = Period.between(birthDate, LocalDate.ofInstant(FESTIVAL_START, ZoneOffset.UTC)).getYears();
    identifies.add(
        Identify.builder()
            .email(email)
            .timestamp(signup)
            .source("ticket_shop")
            .set("first_name", FIRST_NAMES[i % FIRST_NAMES.length])
            .set("birth_date", birthDate)
            .set("age", age)
            .set("city", CITIES[random.nextInt(CITIES.length)])
            .build());
    if (random.nextInt(10) < 7) {
      tracks.add(
          Track.builder("consent")
              .eventId("consent-" + i)
              .identifier(id)
              .timestamp(signup)
              .source("ticket_shop")
              .property("channel", "email")
              .property("status", "granted")
              .property("purpose", "marketing")
              .build());
    }
    int tickets = random.nextInt(10) < 7 ? 1 + random.nextInt(3) : 0;
    for (int t = 0; t < tickets; t++) {
      Instant bought = signup.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
      tracks.add(
          Track.builder("ticket_bought")
              .eventId("ticket-" + i + "-" + t)
              .identifier(id)
              .timestamp(bought)
              .source("ticket_shop")
              .property("festival", FESTIVAL)
              .property("price", 89.5)
              .build());
    }
    if (tickets > 0 && random.nextInt(10) < 9) {
      Instant scanned = FESTIVAL_START.plus(Duration.ofMinutes(random.nextInt(6 * 60)));
      tracks.add(
          Track.builder("ticket_scanned")
              .eventId("scan-" + i)
              .identifier(id)
              .timestamp(scanned)
              .source("gate")
              .property("gate", "North " + (1 + random.nextInt(4)))
              .build());
      int rounds = random.nextInt(6);
      if (rounds >= 3 && barVisitor < 0) {
        barVisitor = i;
      }
      for (int r = 0; r < rounds; r++) {
        tracks.add(
            Track.builder("bar_purchase")
                .eventId("bar-" + i + "-" + r)
                .identifier(id)
                .timestamp(scanned.plus(Duration.ofMinutes(20 + 40L * r)))
                .source("bar")
                .property("drink", DRINKS[random.nextInt(DRINKS.length)])
                .property("amount", 3.5 + random.nextInt(4))
                .build());
      }
    }
  }
}

package io.cdpkit.predictions;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;

/**
 * A shop's customers ordering as the BG/NBD and Gamma-Gamma models say (CDNOW's parameters, in
 * days), written into a Cdp as {@code purchase} events with an {@code amount}, from a fixed seed.
 */
final class Shop {
  /** CDNOW's weekly purchase-rate scale, in days. */
  static final double ALPHA_DAYS = 4.414 * 7;

  private final Cdp cdp;
  private final RandomDataGenerator random;

  Shop(Cdp cdp, long seed) {
    this.cdp = cdp;
    this.random = new RandomDataGenerator(seed);
  }

  /** A profile {@code id} with orders at these instants, each of {@code amount}. */
  void customer(String id, double amount, Instant... orders) {
    identify(id);
    List<Track> tracks = new ArrayList<>();
    for (Instant at : orders) {
      tracks.add(order(id, at, amount));
    }
    cdp.trackAll(tracks);
  }

  /**
   * {@code count} customers {@code prefix0..}, each with a first order on a day uniformly in the
   * {@code days} days before {@code now}, then ordering as the models say until {@code now}.
   */
  void customers(String prefix, int count, Instant now, int days) {
    List<Identify> profiles = new ArrayList<>();
    List<Track> tracks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      profiles.add(profile(id));
      double rate = random.nextGamma(0.243, 1 / ALPHA_DAYS);
      double dropout = random.nextBeta(0.793, 2.426);
      double scale = random.nextGamma(3.74, 1 / 15.44);
      double day = -1 - random.nextInt(days);
      tracks.add(order(id, at(now, day), random.nextGamma(6.25, 1 / scale)));
      while (true) {
        day += random.nextExponential(1 / rate);
        if (day > 0) {
          break;
        }
        tracks.add(order(id, at(now, day), random.nextGamma(6.25, 1 / scale)));
        if (random.nextDouble() < dropout) {
          break;
        }
      }
    }
    cdp.identifyAll(profiles);
    cdp.trackAll(tracks);
  }

  private static Instant at(Instant now, double day) {
    return now.plus(Duration.ofMinutes(Math.round(day * 1440)));
  }

  private void identify(String id) {
    cdp.identify(profile(id));
  }

  private static Identify profile(String id) {
    return Identify.builder().profileId(id).email(id + "@example.com").build();
  }

  private static Track order(String id, Instant at, double amount) {
    return Track.builder("purchase").profileId(id).timestamp(at)
        .property("amount", Math.round(amount * 100) / 100.0).build();
  }
}

package io.cdpkit.benchmarks.ingest;

import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.AttributeJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Events shaped like real use: people and event types drawn from Zipf distributions (exponent
 * 1.1: a few heavy users and common types, a long tail), each person named by an email, times
 * increasing by 13 seconds, three properties per event, ids given. The same seed gives the same
 * events, so every path of a benchmark ingests exactly the same data.
 */
final class IngestData {
  static final List<String> TYPES = List.of(
      "page_view", "product_view", "add_to_cart", "purchase", "search", "login", "logout",
      "signup", "email_open", "email_click", "push_open", "app_open", "checkout_start",
      "payment_failed", "refund", "review", "wishlist_add", "share", "support_ticket",
      "subscription_renew", "coupon_applied", "video_play");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** One event, as the raw baseline inserts it. */
  record Row(String id, String email, String type, Instant time, String propertiesJson,
      ObjectValue properties) {}

  final List<Row> rows;

  IngestData(int events, int people, long seed) {
    Random random = new Random(seed);
    double[] personWeights = zipf(people);
    double[] typeWeights = zipf(TYPES.size());
    rows = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      String email = "user" + draw(personWeights, random) + "@example.com";
      String type = TYPES.get(draw(typeWeights, random));
      ObjectValue properties = ObjectValue.of(Map.of(
          "amount", (i * 7 % 5000) / 10.0, "currency", "EUR", "sku", "SKU-" + (i % 300)));
      rows.add(new Row("e-" + i, email, type, T0.plusSeconds(13L * i),
          AttributeJson.write(properties), properties));
    }
  }

  /** The events as JSON Lines in the import format (data-formats.md). */
  String jsonLines() {
    StringBuilder text = new StringBuilder(rows.size() * 200);
    for (Row row : rows) {
      text.append("{\"id\": \"").append(row.id())
          .append("\", \"identifiers\": [{\"type\": \"email\", \"value\": \"").append(row.email())
          .append("\"}], \"type\": \"").append(row.type())
          .append("\", \"timestamp\": \"").append(row.time())
          .append("\", \"properties\": ").append(row.propertiesJson()).append("}\n");
    }
    return text.toString();
  }

  /** The events as track requests, {@code size} per list. */
  List<List<Track>> tracks(int size) {
    List<List<Track>> batches = new ArrayList<>();
    for (int start = 0; start < rows.size(); start += size) {
      List<Track> batch = new ArrayList<>(size);
      for (Row row : rows.subList(start, Math.min(rows.size(), start + size))) {
        batch.add(Track.builder(row.type()).eventId(row.id())
            .identifier(Identifier.email(row.email())).timestamp(row.time())
            .properties(row.properties()).build());
      }
      batches.add(batch);
    }
    return batches;
  }

  /** Cumulative Zipf weights over {@code n} ranks. */
  private static double[] zipf(int n) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int rank = 0; rank < n; rank++) {
      sum += 1 / Math.pow(rank + 1, 1.1);
      cumulative[rank] = sum;
    }
    return cumulative;
  }

  private static int draw(double[] cumulative, Random random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    int index = Arrays.binarySearch(cumulative, target);
    return index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1);
  }
}

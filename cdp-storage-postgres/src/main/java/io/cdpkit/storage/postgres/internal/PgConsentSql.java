package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.profile.Consent;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import java.time.Instant;

/*
 * Design: Profile.consentStatus in SQL over profiles.consents, the stored list of decisions
 * ({"channel", "purpose", "status", "at", "expires_at"?}, instants as Instant.toString): of the
 * channel's marketing decisions taken at or before now, the latest by at (the first in the list
 * among equals, as the evaluator's strict "after"), its status unless it has lapsed (expires_at
 * at or before now), else UNKNOWN. A profile whose list names no decision for the channel is
 * UNKNOWN at once (a containment test on the jsonb, no list expansion).
 *
 * Instants compare as text keys: Instant.toString writes yyyy-MM-ddTHH:mm:ss, then 0, 3, 6 or 9
 * fraction digits, then Z; the key pads the fraction to nine digits, so keys of four-digit years
 * sort as the instants do, to the nanosecond (a timestamptz would round to microseconds). A
 * decision's at is within 1900 to 2200 (Checks.instant); an expiry beyond year 9999 is written
 * with a sign, "+" (after any now this compiles for) or "-" (before it).
 */

/** A profile's marketing consent status on a channel at the query's now, in PostgreSQL. */
final class PgConsentSql {
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private PgConsentSql() {}

  /** An expression: the text GRANTED, DENIED or UNKNOWN. */
  static void status(SegmentSqlCompiler out, String channel) {
    Instant now = out.context().now();
    if (now.isBefore(FIRST) || now.isAfter(END)) {
      throw out.unsupported("a consent status at " + now + ", beyond four-digit years");
    }
    String at = key(now);
    out.sql("(CASE WHEN NOT p.consents @> jsonb_build_array(jsonb_build_object('channel', ")
        .param(channel).sql("::text)) THEN 'UNKNOWN' ELSE coalesce((SELECT CASE WHEN")
        .sql(" c.d ->> 'expires_at' IS NULL OR ");
    key(out, "c.d ->> 'expires_at'");
    out.sql(" > ").param(at).sql(" THEN c.d ->> 'status' ELSE 'UNKNOWN' END")
        .sql(" FROM jsonb_array_elements(p.consents) WITH ORDINALITY c(d, n)")
        .sql(" WHERE c.d ->> 'channel' = ").param(channel)
        .sql(" AND c.d ->> 'purpose' = ").param(Consent.MARKETING).sql(" AND ");
    key(out, "c.d ->> 'at'");
    out.sql(" <= ").param(at).sql(" ORDER BY ");
    key(out, "c.d ->> 'at'");
    out.sql(" DESC, c.n LIMIT 1), 'UNKNOWN') END)");
  }

  /** The sort key of an Instant.toString text (fixed SQL on a fixed column expression). */
  private static void key(SegmentSqlCompiler out, String text) {
    out.sql("(CASE left(" + text + ", 1) WHEN '+' THEN '~' WHEN '-' THEN ' ' ELSE left(" + text
        + ", 19) || rpad(coalesce(substring(" + text + " from '\\.([0-9]+)Z$'), ''), 9, '0') END)")
        .sql(" COLLATE \"C\"");
  }

  /** The same key, computed here for {@code now} (a four-digit year). */
  static String key(Instant now) {
    String text = now.toString();
    int dot = text.indexOf('.');
    String fraction = dot < 0 ? "" : text.substring(dot + 1, text.length() - 1);
    return text.substring(0, 19) + (fraction + "000000000").substring(0, 9);
  }
}

package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure leaves no bytes behind: not in live rows (see {@link SqliteErasureScanTest}) and not in
 * the file's freed pages, its write-ahead log or a journal, which a data-protection officer running
 * {@code strings} on the file would find. With the store open and serving other people, as in
 * production.
 */
final class SqliteErasureBytesTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final List<String> SECRETS = List.of("yolanda.erased@example.org", "+31687654321",
      "Yolanda Quernstone", "11 Residue Street", "card-4111-erased");

  @TempDir Path dir;

  @Test
  @DisplayName("after erasure the database file, its WAL and journal hold none of the person's bytes")
  void erase_leavesNoBytesInTheFileTheWalOrAJournal() throws IOException {
    Path file = dir.resolve("cdp.db");
    try (SqliteStorage storage = SqliteStorage.open(file);
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        Segments segments = Segments.builder(cdp).store(storage.segmentStore())
            .groups(storage.groupStore()).queries(storage.segmentQueries()).build();
        WorkflowEngine engine = WorkflowEngine.builder(cdp, segments).store(storage.enrollmentStore())
            .emailSender(new RecordingEmailSender()).build()) {
      for (int i = 0; i < 50; i++) {
        cdp.identify(Identify.builder().email("kept" + i + "@example.org").set("name", "Kept " + i).build());
      }
      segments.save("named", "name is not empty");
      segments.createGroup("vip");
      engine.save(Workflow.builder("welcome").consent(ConsentRule.ignoreConsent())
          .step(new Step.SendEmail("hello", "welcome", "$identifier.email", null,
              "Hello {{name}}", null, "Hi {{name}} of {{street}}",
              List.of(MergeTag.of("name", "name", "there"), MergeTag.of("street", "address.street", ""))))
          .build());

      Profile person = cdp.identify(Identify.builder().email(SECRETS.get(0)).phone(SECRETS.get(1))
          .set("name", SECRETS.get(2)).set("address", Map.of("street", SECRETS.get(3))).build());
      // Several versions of the attributes, so that old page images exist in the log and file.
      for (int i = 0; i < 5; i++) {
        cdp.identify(Identify.builder().email(SECRETS.get(0)).set("visits", i).build());
        cdp.track(Track.builder("purchase").profileId(person.id()).timestamp(NOW.minusSeconds(60L * i))
            .property("card", SECRETS.get(4)).property("ship_to", SECRETS.get(3)).build());
      }
      cdp.recordConsent(person.id(), ConsentChange.of("email", ConsentStatus.GRANTED, NOW.minusSeconds(60), "form"));
      segments.addToGroup("vip", List.of(person.id()));
      engine.enroll("welcome", person.id()).orElseThrow();
      engine.runDue(NOW);
      assertThat(residue(file)).as("the test's data must be in the file before erasure").isNotEmpty();

      cdp.eraseProfile(person.id(), "dpo");

      assertThat(residue(file)).as("bytes of the erased person while the store is open").isEmpty();
      assertThat(cdp.countProfiles()).isEqualTo(50);
    }
    assertThat(residue(file)).as("bytes of the erased person after close").isEmpty();
  }

  /** Where each secret's UTF-8 bytes still occur: file name and count. */
  private static List<String> residue(Path file) throws IOException {
    List<String> found = new ArrayList<>();
    for (String suffix : List.of("", "-wal", "-journal", "-shm")) {
      Path part = file.resolveSibling(file.getFileName() + suffix);
      if (!Files.exists(part)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(part);
      for (String secret : SECRETS) {
        int count = occurrences(bytes, secret.getBytes(StandardCharsets.UTF_8));
        if (count > 0) {
          found.add(part.getFileName() + " holds " + secret + " " + count + " times");
        }
      }
    }
    return found;
  }

  private static int occurrences(byte[] haystack, byte[] needle) {
    int count = 0;
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      count++;
    }
    return count;
  }
}

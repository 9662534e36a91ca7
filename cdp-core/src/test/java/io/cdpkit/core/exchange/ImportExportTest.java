package io.cdpkit.core.exchange;

import io.cdpkit.core.spi.StorageBacked;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ImportExportTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private final Cdp cdp =
      Cdp.builder().clock(TestClock.at(NOW)).zone(ZoneId.of("Europe/Amsterdam")).build();

  @AfterEach
  void close() {
    cdp.close();
  }

  private ImportReport profilesCsv(String text, ImportOptions options) {
    return ProfileImporter.of(cdp)
        .importFrom(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), options);
  }

  private Profile byEmail(String email) {
    return cdp.findProfile(Identifier.email(email)).orElseThrow();
  }

  @Test
  void csv_messyTemplateFile_storesGoodRowsAndReportsBadOnesByLine() {
    String csv =
        "\uFEFFname;identifier;email;phone_number;channel_id;source;channel_name\n"
            + "Ann;u-1;ann@example.com;+31612345678;+31612345678;crm;whatsapp\n"
            + "\"Bob\nthe builder\";u-2;bob@example.com;;;crm;\n"
            + "\n"
            + "Cy;;not-an-email;;;crm;\n"
            + "Di;u-4;di@example.com;;;crm\n"
            + ";;;;;crm;\n"
            + "\"Eve; Jr\";u-5;eve@example.com;;;;\n";

    ImportReport report = profilesCsv(csv, ImportOptions.defaults());

    assertThat(report.rowsRead()).isEqualTo(6);
    assertThat(report.rowsStored()).isEqualTo(3);
    assertThat(report.errors())
        .extracting(RowError::toString)
        .containsExactly(
            "line 6: Invalid email: \"not-an-email\" (must be local@domain)",
            "line 7: has 6 fields, the header has 7",
            "line 8: Invalid row: \"\" (names no one: the id and every identifier column are empty)");
    Profile ann = byEmail("ann@example.com");
    assertThat(ann.attribute("name")).contains(AttributeValue.of("Ann"));
    assertThat(ann.has(Identifier.userId("u-1"))).isTrue();
    assertThat(ann.has(Identifier.of("whatsapp", "+31612345678"))).isTrue();
    assertThat(byEmail("bob@example.com").attribute("name"))
        .contains(AttributeValue.of("Bob\nthe builder"));
    assertThat(byEmail("eve@example.com").attribute("name")).contains(AttributeValue.of("Eve; Jr"));
  }

  @Test
  void csv_strictWithABadRow_storesNothing() {
    String csv = "email,age\nann@example.com,25\nbroken,30\n";

    ImportReport report = profilesCsv(csv, ImportOptions.defaults().toBuilder().strict(true).build());

    assertThat(report.rowsStored()).isZero();
    assertThat(report.errors()).extracting(RowError::line).containsExactly(3L);
    assertThat(cdp.countProfiles()).isZero();
  }

  @Test
  void csv_commaChosenAndMapping_readsTypedValues() {
    String csv = "Mail,Age,Zip,Notes\nann@example.com,25,0123,skip me\n";
    ColumnMapping mapping =
        ColumnMapping.defaults().toBuilder()
            .identifier("Mail", Identifier.EMAIL)
            .attribute("Age", "age", ColumnMapping.ValueKind.NUMBER)
            .attribute("Zip", "zip", ColumnMapping.ValueKind.TEXT)
            .ignore("Notes")
            .build();

    ImportReport report =
        profilesCsv(csv, ImportOptions.defaults().toBuilder().separator(',').mapping(mapping).build());

    assertThat(report.ok()).isTrue();
    Profile ann = byEmail("ann@example.com");
    assertThat(ann.attribute("age")).contains(AttributeValue.of(25));
    assertThat(ann.attribute("zip")).contains(AttributeValue.of("0123"));
    assertThat(ann.attribute("Notes")).isEmpty();
  }

  @Test
  void csv_headerWithoutPerson_isReportedOnLineOne() {
    ImportReport report = profilesCsv("name,age\nAnn,3\n", ImportOptions.defaults());

    assertThat(report.rowsRead()).isZero();
    assertThat(report.errors()).extracting(RowError::line).containsExactly(1L);
    assertThat(report.errors().get(0).reason()).contains("must have an id or an identifier column");
  }

  @Test
  void csv_unclosedQuote_reportsMalformedAndKeepsEarlierRows() {
    ImportReport report =
        profilesCsv("email,name\nann@example.com,Ann\nbob@example.com,\"Bob\n", ImportOptions.defaults());

    assertThat(report.rowsStored()).isEqualTo(1);
    assertThat(report.errors()).hasSize(1);
    assertThat(report.errors().get(0).reason()).startsWith("malformed CSV");
  }

  @Test
  void jsonLines_profilesAndEvents_followTheDataFormats() {
    String profiles =
        "{\"id\": \"p-1001\", \"identifiers\": [{\"type\": \"email\", \"value\": \"ann@example.com\"}],"
            + " \"attributes\": {\"first_name\": \"Ann\", \"age\": 25, \"tags\": [\"vip\"],"
            + " \"address\": {\"city\": \"Utrecht\"}}, \"created_at\": \"2025-01-05T09:00:00Z\"}\n"
            + "{\"attributes\": {\"first_name\": \"Nobody\"}}\n"
            + "not json\n"
            + "{\"id\": \"p-1002\", \"colour\": \"red\"}\n";
    String events =
        "{\"id\": \"e-1\", \"profile_id\": \"p-1001\", \"type\": \"purchase\","
            + " \"timestamp\": \"2026-06-01T10:00:00Z\", \"source\": \"webshop\","
            + " \"properties\": {\"amount\": 30, \"currency\": \"EUR\"}}\n"
            + "{\"id\": \"e-1\", \"profile_id\": \"p-1001\", \"type\": \"purchase\","
            + " \"timestamp\": \"2026-06-01T10:00:00Z\"}\n"
            + "{\"identifiers\": [{\"type\": \"device_id\", \"value\": \"d-9\"}], \"type\": \"page_view\","
            + " \"timestamp\": \"2026-05-31\"}\n"
            + "{\"type\": \"page_view\", \"timestamp\": \"2026-05-31T10:00:00Z\"}\n"
            + "{\"profile_id\": \"p-1001\", \"timestamp\": \"2026-05-31T10:00:00Z\"}\n";

    ImportReport profileReport =
        ProfileImporter.of(cdp).importFrom(new StringReader(profiles), ImportOptions.of(DataFormat.JSON_LINES));
    ImportReport eventReport =
        EventImporter.of(cdp).importFrom(new StringReader(events), ImportOptions.of(DataFormat.JSON_LINES));

    assertThat(profileReport.errors())
        .extracting(RowError::toString)
        .containsExactly(
            "line 2: Invalid id: null (or a non-empty identifiers list is required)",
            "line 3: not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array,"
                + " Object or token 'null', 'true' or 'false')",
            "line 4: Invalid colour: null (is not a field; expected one of " + fieldsOf(profileReport) + ")");
    Profile ann = cdp.getProfile("p-1001");
    assertThat(ann.createdAt()).isEqualTo(Instant.parse("2025-01-05T09:00:00Z"));
    assertThat(ann.attribute("address")).contains(AttributeValue.parseJson("{\"city\": \"Utrecht\"}"));
    assertThat(eventReport.rowsStored()).isEqualTo(3);
    assertThat(eventReport.errors())
        .extracting(RowError::toString)
        .containsExactly(
            "line 4: Invalid profile_id: null (or a non-empty identifiers list is required)",
            "line 5: Invalid type: null (is required)");
    assertThat(cdp.countEvents()).isEqualTo(2);
    Event view =
        StorageBacked.storageOf(cdp).read(s -> s.events().ofProfile(
            cdp.findProfile(Identifier.deviceId("d-9")).orElseThrow().id()).toList()).get(0);
    assertThat(view.timestamp()).isEqualTo(Instant.parse("2026-05-30T22:00:00Z"));
  }

  private static String fieldsOf(ImportReport report) {
    String reason = report.errors().get(2).reason();
    return reason.substring(reason.indexOf('[') , reason.indexOf(']') + 1);
  }

  @Test
  void batches_reportProgressAndARefusedRowDoesNotLoseItsBatch() {
    StringBuilder csv = new StringBuilder("email,age\n");
    for (int i = 0; i < 25; i++) {
      csv.append("user").append(i).append("@example.com,").append(i).append('\n');
    }
    List<long[]> updates = new ArrayList<>();
    ImportOptions options =
        ImportOptions.defaults().toBuilder()
            .batchSize(10)
            .progress((read, stored, failed) -> updates.add(new long[] {read, stored, failed}))
            .build();

    ImportReport report = profilesCsv(csv.toString(), options);

    assertThat(report.rowsStored()).isEqualTo(25);
    assertThat(updates).extracting(u -> u[1]).containsExactly(10L, 20L, 25L, 25L);
    assertThat(cdp.countProfiles()).isEqualTo(25);
  }

  @Test
  void roundTrip_jsonLines_givesTheSameProfilesAndEvents() {
    cdp.identify(io.cdpkit.core.Identify.builder().profileId("p-1").email("ann@example.com")
        .set("age", 25).set("tags", List.of("vip")).timestamp(Instant.parse("2025-01-05T09:00:00Z")).build());
    cdp.identify(io.cdpkit.core.Identify.builder().profileId("p-2").phone("+31612345678")
        .set("name", "Bob, \"the\" builder").build());
    cdp.track(io.cdpkit.core.Track.builder("purchase").eventId("e-1").profileId("p-1")
        .timestamp(Instant.parse("2026-05-01T10:00:00Z")).property("amount", 30.5).source("shop").build());
    cdp.track(io.cdpkit.core.Track.builder("page_view").eventId("e-2").profileId("p-2")
        .timestamp(Instant.parse("2026-05-02T10:00:00Z")).build());
    StringWriter profiles = new StringWriter();
    StringWriter events = new StringWriter();
    ProfileExporter.of(cdp).exportAll(profiles, ExportOptions.of(DataFormat.JSON_LINES));
    EventExporter.of(cdp).export(events, Set.of(), null, null, ExportOptions.of(DataFormat.JSON_LINES));

    try (Cdp copy = Cdp.builder().clock(TestClock.at(NOW)).build()) {
      ProfileImporter.of(copy).importFrom(new StringReader(profiles.toString()), ImportOptions.of(DataFormat.JSON_LINES));
      ImportReport eventReport =
          EventImporter.of(copy).importFrom(new StringReader(events.toString()), ImportOptions.of(DataFormat.JSON_LINES));

      assertThat(eventReport.ok()).isTrue();
      for (String id : List.of("p-1", "p-2")) {
        Profile original = cdp.getProfile(id);
        Profile imported = copy.getProfile(id);
        assertThat(imported.attributes()).isEqualTo(original.attributes());
        assertThat(imported.createdAt()).isEqualTo(original.createdAt());
        assertThat(imported.identifiers()).extracting(i -> i.identifier())
            .containsExactlyElementsOf(original.identifiers().stream().map(i -> i.identifier()).toList());
        assertThat(eventsOf(copy, id)).isEqualTo(eventsOf(cdp, id));
      }
    }
  }

  @Test
  void roundTrip_csv_givesTheSameProfiles() {
    cdp.identify(io.cdpkit.core.Identify.builder().profileId("p-1").email("ann@example.com")
        .set("age", 25).set("name", "Ann; \"A\"\nSmith").set("tags", List.of("vip")).build());
    StringWriter out = new StringWriter();
    ExportOptions options =
        ExportOptions.of(DataFormat.CSV).withSeparator(';')
            .withColumns(List.of("id", "$identifier.email", "name", "age", "tags", "$created_at"));

    long written = ProfileExporter.of(cdp).exportAll(out, options);

    assertThat(written).isEqualTo(1);
    try (Cdp copy = Cdp.builder().clock(TestClock.at(NOW)).build()) {
      ImportReport report =
          ProfileImporter.of(copy).importFrom(new StringReader(out.toString()), ImportOptions.defaults());
      assertThat(report.errors()).isEmpty();
      assertThat(copy.getProfile("p-1").attributes()).isEqualTo(cdp.getProfile("p-1").attributes());
      assertThat(copy.getProfile("p-1").has(Identifier.email("ann@example.com"))).isTrue();
    }
  }

  @Test
  void eventExport_csv_filtersByTypeAndRange() {
    for (int day = 1; day <= 4; day++) {
      cdp.track(io.cdpkit.core.Track.builder(day % 2 == 0 ? "purchase" : "view").eventId("e-" + day)
          .profileId("p-1").timestamp(Instant.parse("2026-05-0" + day + "T10:00:00Z"))
          .property("amount", day * 10).build());
    }
    StringWriter out = new StringWriter();

    EventExporter.of(cdp).export(out, Set.of("purchase"), Instant.parse("2026-05-01T00:00:00Z"),
        Instant.parse("2026-05-04T00:00:00Z"),
        ExportOptions.of(DataFormat.CSV).withColumns(List.of("id", "type", "timestamp", "amount")));

    assertThat(out.toString()).isEqualTo("id,type,timestamp,amount\ne-2,purchase,2026-05-02T10:00:00Z,20\n");
  }

  private static List<Event> eventsOf(Cdp cdp, String profileId) {
    return StorageBacked.storageOf(cdp).read(s -> s.events().ofProfile(profileId)
        .map(e -> new Event(e.id(), e.profileId(), e.type(), e.timestamp(), e.timestamp(), e.source(),
            e.properties(), e.identifiers()))
        .sorted(Comparator.comparing(Event::id)).toList());
  }
}

package io.cdpkit.core.exchange;

import io.cdpkit.core.spi.StorageBacked;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
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
            + "Ann;+31612345678;ann@example.com;+31612345678;1;wa;WhatsApp Main\n"
            + "\"Bob\nthe builder\";u-2;bob@example.com;;;;\n"
            + "\n"
            + "Cy;;not-an-email;;;;\n"
            + "Di;u-4;di@example.com;;;\n"
            + ";;;;;qiscus;\n"
            + "\"Eve; Jr\";u-5;eve@example.com;;;;\n";

    ImportReport report = profilesCsv(csv, ImportOptions.defaults());

    assertThat(report.rowsRead()).isEqualTo(6);
    assertThat(report.rowsStored()).isEqualTo(3);
    assertThat(report.rowsRejected()).isEqualTo(3);
    assertThat(report.errors())
        .extracting(RowError::toString)
        .containsExactly(
            "line 6: Invalid row: \"\" (names no one: email \"not-an-email\" is not an email address"
                + " (must be local@domain))",
            "line 7: has 6 fields, the header has 7",
            "line 8: Invalid row: \"\" (names no one: the id and every identifier column are empty)");
    Profile ann = byEmail("ann@example.com");
    assertThat(ann.attribute("name")).contains(AttributeValue.of("Ann"));
    assertThat(ann.has(Identifier.of("whatsapp", "+31612345678"))).isTrue();
    assertThat(ann.has(Identifier.phone("+31612345678"))).isTrue();
    assertThat(ann.attribute("channel_name")).contains(AttributeValue.of("WhatsApp Main"));
    assertThat(ann.attribute("channel_id")).contains(AttributeValue.of("1"));
    assertThat(byEmail("bob@example.com").attribute("name"))
        .contains(AttributeValue.of("Bob\nthe builder"));
    assertThat(byEmail("bob@example.com").has(Identifier.userId("u-2"))).isTrue();
    assertThat(byEmail("eve@example.com").attribute("name")).contains(AttributeValue.of("Eve; Jr"));
  }

  /** The customer template's example rows, as the seed describes them. */
  static final String TEMPLATE_ROWS = """
      name;identifier;email;phone_number;channel_id;source;channel_name
      Ann;ann@example.com;ann@example.com;+31612345678;1;qiscus;Web
      Budi;6281234567890;;0812-3456-7890;2;wa;WhatsApp Main
      Citra;17841400123456789;citra@example.com;;3;ig;Instagram
      Dewi;U4af4980629d1c2e3;;;4;line;LINE
      Eko;+62 812 1111 2222;;;1;qiscus;Web
      Fajar;123456789;;;5;telegram;Telegram Bot
      """;

  @Test
  void csv_customerTemplate_withEitherSeparator_mapsSourceToTheIdentifierType() {
    for (String csv : List.of(TEMPLATE_ROWS, TEMPLATE_ROWS.replace(';', ','))) {
      try (Cdp target = Cdp.builder().clock(TestClock.at(NOW)).build()) {
        ImportReport report = ProfileImporter.of(target).importFrom(new StringReader(csv),
            ImportOptions.defaults().toBuilder().phoneRegion("ID").build());

        assertThat(report.errors()).isEmpty();
        assertThat(report.rowsStored()).isEqualTo(6);
        Profile ann = target.findProfile(Identifier.email("ann@example.com")).orElseThrow();
        assertThat(ann.has(Identifier.phone("+31612345678"))).isTrue();
        assertThat(ann.attribute("channel_name")).contains(AttributeValue.of("Web"));
        Profile budi = target.findProfile(Identifier.of("whatsapp", "+6281234567890")).orElseThrow();
        assertThat(budi.has(Identifier.phone("+6281234567890"))).isTrue();
        assertThat(budi.attribute("channel_name")).contains(AttributeValue.of("WhatsApp Main"));
        assertThat(target.findProfile(Identifier.of("instagram", "17841400123456789")).orElseThrow()
            .has(Identifier.email("citra@example.com"))).isTrue();
        assertThat(target.findProfile(Identifier.of("line", "U4af4980629d1c2e3"))).isPresent();
        assertThat(target.findProfile(Identifier.phone("+6281211112222")).orElseThrow().attribute("name"))
            .contains(AttributeValue.of("Eko"));
        assertThat(target.findProfile(Identifier.of("telegram", "123456789"))).isPresent();
        assertThat(target.countProfiles()).isEqualTo(6);
      }
    }
  }

  @Test
  void csv_templateHeaderWithOnlySomeColumns_works() {
    assertThat(profilesCsv("name,email\nAnn,ann@example.com\n", ImportOptions.defaults()).rowsStored())
        .isEqualTo(1);
    assertThat(profilesCsv("identifier;source\n6281234567890;wa\n", ImportOptions.defaults()).rowsStored())
        .isEqualTo(1);
    assertThat(cdp.findProfile(Identifier.of("whatsapp", "+6281234567890"))).isPresent();
    assertThat(profilesCsv("phone_number,channel_name\n+31 6 1234 5678,Web\n", ImportOptions.defaults())
        .rowsStored()).isEqualTo(1);
    ImportReport unknownKind = profilesCsv("identifier,source\nx1,crm\n", ImportOptions.defaults());
    assertThat(unknownKind.errors()).extracting(RowError::reason)
        .containsExactly("Invalid source: \"crm\" (must be a channel kind: qiscus, wa, ig, fb, line,"
            + " telegram, tiktok or custom)");
  }

  @Test
  void csv_impossiblePhone_isKeptAsAnAttributeWithTheReason() {
    ImportReport report = profilesCsv("email,phone_number\nann@example.com,0812-3456-7890\n",
        ImportOptions.defaults());
    assertThat(report.rowsStored()).isEqualTo(1);
    Profile ann = byEmail("ann@example.com");
    assertThat(ann.attribute("phone_number")).contains(AttributeValue.of("0812-3456-7890"));
    assertThat(ann.attribute(ProfileImporter.PHONE_PROBLEM)).contains(
        AttributeValue.of("has no valid country code (+CC) and no default region is set"));
    assertThat(ann.mainIdentifier("phone")).isEmpty();
  }

  @Test
  void report_countsAddUp_withDuplicatesApartFromStoredRows() {
    String csv = "email,age\nann@example.com,25\nann@example.com,25\nbroken,3\nbob@example.com,4\n";
    ImportReport report = profilesCsv(csv, ImportOptions.defaults());
    assertThat(report.rowsRead()).isEqualTo(4);
    assertThat(report.rowsStored()).isEqualTo(2);
    assertThat(report.rowsDuplicate()).isEqualTo(1);
    assertThat(report.rowsRejected()).isEqualTo(1);
    assertThat(report.rowsStored() + report.rowsDuplicate() + report.rowsRejected()).isEqualTo(report.rowsRead());

    cdp.identify(Identify.builder().profileId("p-1").build());
    String events = "{\"id\":\"e1\",\"profile_id\":\"p-1\",\"type\":\"view\",\"timestamp\":\"2026-05-01T10:00:00Z\"}\n";
    ImportOptions jsonLines = ImportOptions.of(DataFormat.JSON_LINES);
    EventImporter.of(cdp).importFrom(new StringReader(events), jsonLines);
    ImportReport again = EventImporter.of(cdp).importFrom(new StringReader(events + events), jsonLines);
    assertThat(again.rowsRead()).isEqualTo(2);
    assertThat(again.rowsStored()).isZero();
    assertThat(again.rowsDuplicate()).isEqualTo(2);
  }

  @Test
  void invalidUtf8_rejectsItsLineOnly() {
    byte[] head = "email,name\nann@example.com,Ann\nbob@example.com,B".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "b\ncy@example.com,Cy\n".getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, file, 0, head.length);
    file[head.length] = (byte) 0xC3;
    file[head.length + 1] = (byte) 0x28;  // not a continuation byte
    System.arraycopy(tail, 0, file, head.length + 2, tail.length);

    ImportReport report = ProfileImporter.of(cdp).importFrom(new ByteArrayInputStream(file), ImportOptions.defaults());

    assertThat(report.rowsStored()).isEqualTo(2);
    assertThat(report.errors()).extracting(RowError::toString)
        .containsExactly("line 3: is not valid UTF-8 text");
    assertThat(cdp.findProfile(Identifier.email("cy@example.com"))).isPresent();
  }

  @Test
  void hugeExponents_areRejectedPerLineWithTheFieldAndRule() {
    String lines = """
        {"identifiers":[{"type":"email","value":"a@example.com"}],"attributes":{"score":1e1000}}
        {"identifiers":[{"type":"email","value":"b@example.com"}],"attributes":{"score":1e-999999999}}
        {"identifiers":[{"type":"email","value":"c@example.com"}],"attributes":{"score":2}}
        """;
    ImportReport report = ProfileImporter.of(cdp).importFrom(new StringReader(lines),
        ImportOptions.of(DataFormat.JSON_LINES));
    assertThat(report.rowsStored()).isEqualTo(1);
    assertThat(report.errors()).extracting(RowError::line).containsExactly(1L, 2L);
    assertThat(report.errors()).allSatisfy(e -> assertThat(e.reason()).contains("number", "1e500"));
    ImportReport csv = profilesCsv("email,score\nd@example.com,1e10000000\n", ImportOptions.defaults());
    assertThat(csv.errors()).extracting(RowError::reason)
        .allSatisfy(reason -> assertThat(reason).startsWith("Invalid score"));
  }

  @Test
  void reasons_carryNoParserInternals() {
    ImportReport csv = profilesCsv("email,name\nann@example.com,\"Ann\n", ImportOptions.defaults());
    ImportReport json = ProfileImporter.of(cdp).importFrom(new StringReader("{\"id\": \n"),
        ImportOptions.of(DataFormat.JSON_LINES));
    assertThat(csv.errors()).isNotEmpty();
    assertThat(json.errors()).isNotEmpty();
    for (RowError error : List.of(csv.errors().get(0), json.errors().get(0))) {
      assertThat(error.reason()).doesNotContain("Source:", "line:", "column:", "BufferedReader");
    }
  }

  @Test
  void csvExport_neutralisesFormulas_andImportsBackTheSameText() {
    List<String> dangerous = List.of("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "'=already");
    for (int i = 0; i < dangerous.size(); i++) {
      cdp.identify(io.cdpkit.core.Identify.builder().profileId("p-" + i).email("f" + i + "@example.com")
          .set("note", dangerous.get(i)).build());
    }
    StringWriter out = new StringWriter();
    ProfileExporter.of(cdp).exportAll(out,
        ExportOptions.of(DataFormat.CSV).withColumns(List.of("id", "$identifier.email", "note")));

    for (String line : out.toString().split("\n")) {
      String note = line.substring(line.lastIndexOf(',') + 1).replace("\"", "");
      assertThat(note).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
    }
    try (Cdp copy = Cdp.builder().clock(TestClock.at(NOW)).build()) {
      ProfileImporter.of(copy).importFrom(new StringReader(out.toString()), ImportOptions.defaults());
      for (int i = 0; i < dangerous.size(); i++) {
        assertThat(copy.getProfile("p-" + i).attribute("note")).contains(AttributeValue.of(dangerous.get(i)));
      }
    }
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
    // e-1 twice: stored once, counted once as a duplicate (read 5 = 2 + 1 + 2)
    assertThat(eventReport.rowsStored()).isEqualTo(2);
    assertThat(eventReport.rowsDuplicate()).isEqualTo(1);
    assertThat(eventReport.rowsRejected()).isEqualTo(2);
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

  @Test
  void anEventForAnUnknownProfileId_isRejected_andTheGoodRowsBesideItStored() {
    Profile ann = cdp.identify(Identify.builder().email("ann@example.com").build());
    String events = "{\"id\":\"e1\",\"profile_id\":\"" + ann.id() + "\",\"type\":\"view\",\"timestamp\":\"2026-05-01T10:00:00Z\"}\n"
        + "{\"id\":\"e2\",\"profile_id\":\"p-typo\",\"type\":\"view\",\"timestamp\":\"2026-05-01T10:00:00Z\"}\n"
        + "{\"id\":\"e3\",\"identifiers\":[{\"type\":\"email\",\"value\":\"new@example.com\"}],\"type\":\"view\","
        + "\"timestamp\":\"2026-05-01T10:00:00Z\"}\n";
    ImportReport report = EventImporter.of(cdp).importFrom(new StringReader(events), ImportOptions.of(DataFormat.JSON_LINES));
    assertThat(report.rowsStored()).isEqualTo(2);
    assertThat(report.rowsRejected()).isEqualTo(1);
    assertThat(report.errors().get(0).toString()).contains("line 2").contains("profile_id").contains("p-typo")
        .contains("must name a stored profile");
    assertThat(cdp.findProfile("p-typo")).isEmpty();
    assertThat(cdp.countEvents()).isEqualTo(2);
  }
  @Test
  void unknownProfileIds_areFoundPerBatch_strictStoresNothing_andAMergedIdStillCounts() {
    Profile ann = cdp.identify(Identify.builder().email("ann@example.com").build());
    Profile old = cdp.identify(Identify.builder().email("old@example.com").build());
    cdp.merge(List.of(ann.id(), old.id()), "test");
    StringBuilder events = new StringBuilder();
    String[] named = {ann.id(), old.id(), "p-typo", ann.id(), "p-other"};
    for (int i = 0; i < named.length; i++) {
      events.append("{\"id\":\"e").append(i).append("\",\"profile_id\":\"").append(named[i])
          .append("\",\"type\":\"view\",\"timestamp\":\"2026-05-01T10:00:00Z\"}\n");
    }
    ImportOptions strict = ImportOptions.of(DataFormat.JSON_LINES).toBuilder().strict(true).batchSize(2).build();
    ImportReport refused = EventImporter.of(cdp).importFrom(new StringReader(events.toString()), strict);
    assertThat(refused.errors()).extracting(RowError::line).containsExactly(3L, 5L);
    assertThat(refused.rowsStored()).isZero();
    assertThat(refused.rowsRejected()).isEqualTo(5);
    assertThat(cdp.countEvents()).isZero();

    ImportOptions lenient = ImportOptions.of(DataFormat.JSON_LINES).toBuilder().batchSize(2).build();
    ImportReport report = EventImporter.of(cdp).importFrom(new StringReader(events.toString()), lenient);
    assertThat(report.errors()).extracting(RowError::line).containsExactly(3L, 5L);
    assertThat(report.rowsStored()).isEqualTo(3);
    assertThat(cdp.countEvents()).isEqualTo(3);
  }
}

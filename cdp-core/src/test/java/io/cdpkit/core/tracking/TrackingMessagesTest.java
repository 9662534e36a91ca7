package io.cdpkit.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class TrackingMessagesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final Cdp cdp = Cdp.builder().clock(TestClock.at(NOW)).build();
  private final TrackingMessages tracking = TrackingMessages.of(cdp);

  @AfterEach
  void close() {
    cdp.close();
  }

  private Profile user(String userId) {
    return cdp.findProfile(Identifier.userId(userId)).orElseThrow();
  }

  private List<Event> timeline(Profile profile) {
    return cdp.timeline(profile.id(), TimelineQuery.latest(100)).items();
  }

  private static AttributeValue value(Object value) {
    return AttributeValue.of(value);
  }

  @Test
  void identify_setsTraitsAndAttachesIdsEmailAndPhone() {
    TrackingResult result = tracking.ingest("""
        {"type":"identify","messageId":"m1","userId":"u1","anonymousId":"a1",
         "timestamp":"2024-04-30T10:00:00+02:00",
         "traits":{"email":" Ann@Example.com ","phone":"+31 6 1234 5678","age":25,
                   "address":{"city":"Utrecht"}},
         "context":{"ip":"10.0.0.1"}}""");

    Profile ann = user("u1");
    assertThat(ann.attribute("age")).contains(value(25));
    assertThat(ann.attribute("address")).contains(ObjectValue.of(java.util.Map.of("city", "Utrecht")));
    assertThat(ann.has(Identifier.of(Identifier.ANONYMOUS_ID, "a1"))).isTrue();
    assertThat(ann.mainIdentifier("email")).contains(Identifier.email("ann@example.com"));
    assertThat(ann.mainIdentifier("phone")).contains(Identifier.phone("+31612345678"));
    Event event = result.events().get(0);
    assertThat(event.id()).isEqualTo("m1");
    assertThat(event.type()).isEqualTo("identify");
    assertThat(event.source()).isEqualTo(TrackingMessages.DEFAULT_SOURCE);
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-04-30T08:00:00Z"));
    assertThat(event.properties().get("context")).contains(ObjectValue.of(java.util.Map.of("ip", "10.0.0.1")));
    assertThat(event.properties().get("traits")).isEmpty();
    assertThat(event.profileId()).isEqualTo(ann.id());
  }

  @Test
  void identify_nullTraitUnsetsTheAttribute() {
    tracking.ingest("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}");
    tracking.ingest("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"plan\":null}}");
    assertThat(user("u1").attribute("plan")).isEmpty();
  }

  @Test
  void track_storesTheEventWithPropertiesContextAndUnknownFields() {
    TrackingResult result = tracking.ingest("""
        {"type":"track","messageId":"m2","userId":"u1","event":"Order Completed",
         "properties":{"total":30.5,"items":["a","b"]},"context":{"library":{"name":"analytics.js"}},
         "integrations":{"All":true},"sentAt":"2024-05-01T11:59:59Z","customField":7,
         "writeKey":"secret"}""");

    Event event = result.events().get(0);
    assertThat(event.id()).isEqualTo("m2");
    assertThat(event.type()).isEqualTo("Order Completed");
    assertThat(event.properties().get("total")).contains(value(new java.math.BigDecimal("30.5")));
    assertThat(event.properties().get("items")).contains(value(List.of("a", "b")));
    assertThat(event.properties().get("context").orElseThrow().toString()).contains("analytics.js");
    ObjectValue extra = (ObjectValue) event.properties().get("extra").orElseThrow();
    assertThat(extra.fields()).containsOnlyKeys("integrations", "sentAt", "customField");
    assertThat(event.toString()).doesNotContain("secret");
    assertThat(event.timestamp()).isEqualTo(NOW);
    assertThat(event.identifiers()).containsExactly(Identifier.userId("u1"));
    assertThat(timeline(user("u1"))).extracting(Event::id).containsExactly("m2");
  }

  @Test
  void track_propertiesUsingAReservedName_keepBothValues() {
    Event event = tracking.ingest("""
        {"type":"page","anonymousId":"a1","name":"Home",
         "properties":{"name":"home-prop","context":"mine"},"context":{"page":{"path":"/"}}}""")
        .events().get(0);
    assertThat(event.properties().get("name")).contains(value("home-prop"));
    assertThat(event.properties().get("$name")).contains(value("Home"));
    assertThat(event.properties().get("context")).contains(value("mine"));
    assertThat(event.properties().get("$context").orElseThrow().toString()).contains("/");
  }

  @Test
  void pageAndScreen_becomeViewEventsWithTheirName() {
    TrackingResult result = tracking.ingest("""
        {"batch":[
          {"type":"page","messageId":"p1","anonymousId":"a1","name":"Pricing","category":"Docs",
           "properties":{"url":"https://example.com/pricing"}},
          {"type":"screen","messageId":"s1","anonymousId":"a1","name":"Settings"}]}""");
    assertThat(result.events()).extracting(Event::type).containsExactly("page_view", "screen_view");
    Event page = result.events().get(0);
    assertThat(page.properties().get("name")).contains(value("Pricing"));
    assertThat(page.properties().get("category")).contains(value("Docs"));
    assertThat(page.properties().get("url")).contains(value("https://example.com/pricing"));
    assertThat(result.events().get(1).properties().get("name")).contains(value("Settings"));
    assertThat(result.events()).extracting(Event::profileId).containsOnly(page.profileId());
  }

  @Test
  void alias_ofAnAnonymousId_mergesTheAnonymousHistoryIntoTheUser() {
    tracking.ingest("{\"type\":\"track\",\"messageId\":\"t1\",\"anonymousId\":\"anon-1\",\"event\":\"Viewed\"}");
    tracking.ingest("{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"u9\",\"traits\":{\"plan\":\"pro\"}}");
    assertThat(cdp.countProfiles()).isEqualTo(2);

    Event alias = tracking.ingest(
        "{\"type\":\"alias\",\"messageId\":\"al1\",\"previousId\":\"anon-1\",\"userId\":\"u9\"}")
        .events().get(0);

    Profile survivor = user("u9");
    assertThat(survivor.has(Identifier.of(Identifier.ANONYMOUS_ID, "anon-1"))).isTrue();
    assertThat(cdp.countProfiles()).isEqualTo(1);
    assertThat(alias.type()).isEqualTo("alias");
    assertThat(alias.properties().get("previous_id")).contains(value("anon-1"));
    assertThat(timeline(survivor)).extracting(Event::id).contains("t1", "i1", "al1");
  }

  @Test
  void alias_ofTwoKnownUserIds_mergesTheirProfiles() {
    tracking.ingest("{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}");
    tracking.ingest("{\"type\":\"identify\",\"messageId\":\"i2\",\"userId\":\"u2\"}");
    assertThat(user("u1").id()).isNotEqualTo(user("u2").id());

    TrackingResult result = tracking.ingest(
        "{\"type\":\"alias\",\"messageId\":\"al2\",\"previousId\":\"u1\",\"userId\":\"u2\"}");

    assertThat(result.rejected()).isEmpty();
    Profile merged = user("u2");
    assertThat(user("u1").id()).isEqualTo(merged.id());
    assertThat(merged.attribute("plan")).contains(value("pro"));
    assertThat(cdp.countProfiles()).isEqualTo(1);
    assertThat(timeline(merged)).extracting(Event::id).contains("i1", "i2", "al2");
    assertThat(cdp.identityLog(merged.id())).anySatisfy(
        entry -> assertThat(entry.toString()).contains(AliasMerges.ACTOR_PREFIX + "al2"));
  }

  @Test
  void alias_inTheSameBatchAsBothIdentifies_mergesOnce_andAResendChangesNothing() {
    String batch = """
        {"batch":[{"type":"identify","messageId":"i1","userId":"u1"},
                  {"type":"identify","messageId":"i2","userId":"u2"},
                  {"type":"alias","messageId":"al","previousId":"u1","userId":"u2"}]}""";
    tracking.ingest(batch);
    TrackingResult again = tracking.ingest(batch);
    assertThat(again.duplicates()).isEqualTo(3);
    assertThat(user("u1").id()).isEqualTo(user("u2").id());
    assertThat(cdp.countProfiles()).isEqualTo(1);
  }

  @Test
  void contextTraitsEmailAndPhone_linkAnAnonymousEventToTheKnownPerson() {
    tracking.ingest("""
        {"type":"identify","userId":"u1","traits":{"email":"ann@example.com"}}""");
    Event event = tracking.ingest("""
        {"type":"track","anonymousId":"a-77","event":"Viewed",
         "context":{"traits":{"email":"Ann@Example.com","phone":"+31 6 1234 5678"}}}""")
        .events().get(0);
    Profile ann = user("u1");
    assertThat(event.profileId()).isEqualTo(ann.id());
    assertThat(ann.has(Identifier.of(Identifier.ANONYMOUS_ID, "a-77"))).isTrue();
    assertThat(ann.has(Identifier.phone("+31612345678"))).isTrue();
    assertThat(cdp.countProfiles()).isEqualTo(1);
    tracking.ingest("""
        {"type":"track","anonymousId":"a-78","event":"Viewed","context":{"traits":{"email":"n/a"}}}""");
    assertThat(cdp.countProfiles()).isEqualTo(2);
  }

  @Test
  void phoneTraits_nationalAndInternational_becomeOneE164Identifier() {
    TrackingMessages indonesia = TrackingMessages.builder(cdp).phoneRegion("ID").build();
    indonesia.ingest("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"phone\":\"0812-3456-7890\"}}");
    indonesia.ingest("""
        {"type":"track","anonymousId":"a1","event":"Chat","context":{"traits":{"phone":"+62 812 3456 7890"}}}""");
    Profile profile = user("u1");
    assertThat(profile.mainIdentifier("phone")).contains(Identifier.phone("+6281234567890"));
    assertThat(profile.has(Identifier.of(Identifier.ANONYMOUS_ID, "a1"))).isTrue();
    assertThat(profile.attribute("phone")).contains(value("0812-3456-7890"));
    assertThat(cdp.countProfiles()).isEqualTo(1);
  }

  @Test
  void impossiblePhone_isKeptAsAnAttributeWithTheReason() {
    tracking.ingest("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"phone\":\"0812-3456-7890\"}}");
    tracking.ingest("{\"type\":\"identify\",\"userId\":\"u2\",\"traits\":{\"phone\":\"+62 12\"}}");
    for (String user : new String[] {"u1", "u2"}) {
      Profile profile = user(user);
      assertThat(profile.mainIdentifier("phone")).as(user).isEmpty();
      assertThat(profile.attribute("phone")).as(user).isPresent();
      assertThat(profile.attribute("phone_problem").orElseThrow().toString()).as(user).isNotBlank();
    }
    assertThat(user("u1").attribute("phone_problem")).contains(
        value("has no valid country code (+CC) and no default region is set"));
  }

  @Test
  void page_repeatingItsNameAndCategoryInProperties_hasNoDollarCopies() {
    Event page = tracking.ingest("""
        {"type":"page","anonymousId":"a1","name":"Pricing","category":"Docs",
         "properties":{"name":"Pricing","category":"Docs","path":"/pricing"}}""").events().get(0);
    assertThat(page.properties().fields()).containsKeys("name", "category", "path")
        .doesNotContainKeys("$name", "$category");
  }

  @Test
  void group_addsToTheListOfGroupsKeepingTraitsPerGroup() {
    tracking.ingest("""
        {"type":"group","messageId":"g1","userId":"u1","groupId":"acme","traits":{"name":"Acme Inc"}}""");
    tracking.ingest("""
        {"batch":[{"type":"group","messageId":"g2","userId":"u1","groupId":"globex","traits":{"name":"Globex"}},
                  {"type":"group","messageId":"g3","userId":"u1","groupId":"acme","traits":{"plan":"gold"}}]}""");
    Profile profile = user("u1");
    assertThat(profile.attribute("groups")).contains(value(List.of("acme", "globex")));
    assertThat(profile.attribute("group_id")).contains(value("acme"));
    ObjectValue traits = (ObjectValue) profile.attribute("group_traits").orElseThrow();
    assertThat(traits.get("acme")).contains(ObjectValue.of(java.util.Map.of("plan", "gold")));
    assertThat(traits.get("globex")).contains(ObjectValue.of(java.util.Map.of("name", "Globex")));
  }

  @Test
  void group_setsGroupAttributesAndStoresAGroupEvent() {
    Event event = tracking.ingest("""
        {"type":"group","messageId":"g1","userId":"u1","groupId":"acme",
         "traits":{"name":"Acme Inc","employees":50}}""").events().get(0);
    Profile profile = user("u1");
    assertThat(profile.attribute("group_id")).contains(value("acme"));
    assertThat(profile.attribute("group_traits").orElseThrow().toString()).contains("acme", "Acme Inc");
    assertThat(event.type()).isEqualTo("group");
    assertThat(event.properties().get("group_id")).contains(value("acme"));
  }

  @Test
  void sameMessageIdTwice_storesOneEventAndDoesNotReapplyTraits() {
    String first = "{\"type\":\"identify\",\"messageId\":\"dup\",\"userId\":\"u1\",\"traits\":{\"plan\":\"free\"}}";
    tracking.ingest(first);
    tracking.ingest("{\"type\":\"identify\",\"messageId\":\"later\",\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}");

    TrackingResult again = tracking.ingest(first);

    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(again.events().get(0).id()).isEqualTo("dup");
    assertThat(user("u1").attribute("plan")).contains(value("pro"));
    assertThat(cdp.countEvents()).isEqualTo(2);
  }

  @Test
  void messageWithoutId_getsAContentHashId_soAnExactRedeliveryIsRecognised() {
    String body = "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Clicked\",\"timestamp\":\"2024-05-01T10:00:00Z\"}";
    Event first = tracking.ingest(body).events().get(0);
    TrackingResult second = tracking.ingest(body);
    assertThat(first.id()).startsWith("msg-sha256-").hasSize("msg-sha256-".length() + 64);
    assertThat(second.events().get(0).id()).isEqualTo(first.id());
    assertThat(second.duplicates()).isEqualTo(1);
    assertThat(cdp.countEvents()).isEqualTo(1);
  }

  @Test
  void batch_duplicateInsideOneBatch_isStoredOnce() {
    TrackingResult result = tracking.ingest("""
        {"batch":[{"type":"track","messageId":"x","userId":"u1","event":"A"},
                  {"type":"track","messageId":"x","userId":"u1","event":"A"}]}""");
    assertThat(result.messages()).isEqualTo(1);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(cdp.countEvents()).isEqualTo(1);
  }

  @Test
  void batch_sharedContextAndSentAt_applyToEachMessage() {
    TrackingResult result = tracking.ingest("""
        {"sentAt":"2024-05-01T11:00:00Z","context":{"library":"x","app":"shared"},
         "batch":[{"type":"track","userId":"u1","event":"A","context":{"app":"own"},
                   "originalTimestamp":"2024-05-01T10:30:00Z"}]}""");
    Event event = result.events().get(0);
    ObjectValue context = (ObjectValue) event.properties().get("context").orElseThrow();
    assertThat(context.get("app")).contains(value("own"));
    assertThat(context.get("library")).contains(value("x"));
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-05-01T11:30:00Z"));
  }

  @Test
  void batch_timestamp_isNeverCopiedIntoTheMessages() {
    // RudderStack's Node SDK puts its send time in the batch's timestamp.
    TrackingResult result = tracking.ingest("""
        {"timestamp":"2024-05-01T11:59:00Z","sentAt":"2024-05-01T11:59:00Z",
         "batch":[{"type":"track","userId":"u1","event":"A","originalTimestamp":"2024-05-01T11:00:00Z"},
                  {"type":"track","userId":"u1","event":"B","timestamp":"2024-04-01T00:00:00Z",
                   "originalTimestamp":"2024-05-01T11:00:00Z"}]}""");
    // receivedAt - (sentAt - originalTimestamp) = 12:00 - 59 min
    assertThat(result.events().get(0).timestamp()).isEqualTo(Instant.parse("2024-05-01T11:01:00Z"));
    assertThat(result.events().get(1).timestamp()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
  }

  @Test
  void originalTimestampWithoutSentAt_isTheEventTime() {
    Event event = tracking.ingest("""
        {"type":"track","userId":"u1","event":"A","originalTimestamp":"2024-04-01T00:00:00Z"}""")
        .events().get(0);
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
  }

  @Test
  void batch_withBadMessages_storesTheGoodOnesAndListsTheBadByIndexFieldAndRule() {
    TrackingResult result = tracking.ingest("""
        {"batch":[{"type":"identify","userId":"u1","traits":{"plan":"pro"}},
                  {"type":"track","event":"A"},
                  {"type":"track","userId":"u1","event":"B"},
                  5]}""");
    assertThat(result.messages()).isEqualTo(2);
    assertThat(result.rejected()).containsExactly(
        new Rejection(1, "batch[1].userId", "userId or anonymousId is required"),
        new Rejection(3, "batch[3]", "must be a JSON object"));
    assertThat(user("u1").attribute("plan")).contains(value("pro"));
    assertThat(cdp.countEvents()).isEqualTo(2);
  }

  @Test
  void batch_tenTracksAndAnIdentifyWithAnInvalidEmail_storesAllElevenKeepingTheEmailAsAnAttribute() {
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 10; i++) {
      batch.append("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E").append(i).append("\"},");
    }
    batch.append("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"n/a\"}}]}");
    TrackingResult result = tracking.ingest(batch.toString());
    assertThat(result.rejected()).isEmpty();
    assertThat(result.messages()).isEqualTo(11);
    Profile profile = user("u1");
    assertThat(profile.attribute("email")).contains(value("n/a"));
    assertThat(profile.mainIdentifier("email")).isEmpty();
    assertThat(cdp.countEvents()).isEqualTo(11);
  }

  @Test
  void eventNames_longerThan64Characters_areStoredUpTo200() {
    String name = "Checkout Step Completed With Saved Payment Method And Gift Wrapping".repeat(2);
    assertThat(name.length()).isBetween(65, 200);
    assertThat(tracking.ingest("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"" + name + "\"}")
        .events().get(0).type()).isEqualTo(name);
    TrackingResult tooLong = tracking.ingest(
        "{\"batch\":[{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"" + "x".repeat(201) + "\"}]}");
    assertThat(tooLong.rejected()).extracting(Rejection::field).containsExactly("batch[0].event");
  }

  @Test
  void batch_ofThreeThousandTinyMessages_isAccepted() {
    StringBuilder batch = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 3_000; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"messageId\":\"")
          .append(i).append("\"}");
    }
    assertThat(tracking.ingest(batch.append("]}").toString()).messages()).isEqualTo(3_000);
  }

  @Test
  @org.junit.jupiter.api.Timeout(5)
  void numbersWithHugeExponents_areRejectedPerMessageNamingTheField() {
    TrackingResult result = tracking.ingest("""
        {"batch":[{"type":"track","userId":"u1","event":"A","properties":{"total":1e1000}},
                  {"type":"track","userId":"u1","event":"B","properties":{"n":{"deep":1e10000000}}},
                  {"type":"identify","userId":"u1","traits":{"score":1e-999999999}},
                  {"type":"track","userId":"u1","event":"C","properties":{"total":1.5e300}}]}""");
    assertThat(result.rejected()).extracting(Rejection::field).containsExactly(
        "batch[0].properties.total", "batch[1].properties.n.deep", "batch[2].traits.score");
    assertThat(result.rejected()).allSatisfy(r -> assertThat(r.rule()).contains("1e500"));
    assertThat(result.messages()).isEqualTo(1);
    assertThat(user("u1").attribute("score")).isEmpty();
    assertThatThrownBy(() -> tracking.ingest(
        "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"properties\":{\"x\":-1e10000000}}"))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("properties.x"));
  }

  @Test
  void timestampWithoutOffset_isReadInTheCdpZone() {
    try (Cdp amsterdam = Cdp.builder().clock(TestClock.at(NOW))
        .zone(java.time.ZoneId.of("Europe/Amsterdam")).build()) {
      Event event = TrackingMessages.of(amsterdam).ingest(
          "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"timestamp\":\"2024-04-30T10:00:00\"}")
          .events().get(0);
      assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-04-30T08:00:00Z"));
    }
  }

  @Test
  void unreadableTimestamp_fallsBackToTheReceiveTimeAndIsFlagged() {
    Event event = tracking.ingest(
        "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"timestamp\":\"yesterday\"}")
        .events().get(0);
    assertThat(event.timestamp()).isEqualTo(NOW);
    assertThat(event.properties().get("$unreadable_timestamp"))
        .contains(ObjectValue.of(java.util.Map.of("timestamp", "yesterday")));
  }

  @Test
  void badInput_namesTheField() {
    assertField("{\"type\":\"track\",\"userId\":\"u1\"}", "event");
    assertField("{\"type\":\"track\",\"event\":\"A\"}", "userId");
    assertField("{\"type\":\"fly\",\"userId\":\"u1\"}", "type");
    assertField("{\"userId\":\"u1\"}", "type");
    assertField("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"properties\":[1]}", "properties");
    assertField("{\"type\":\"track\",\"userId\":{\"a\":1},\"event\":\"A\"}", "userId");
    assertField("{\"type\":\"group\",\"userId\":\"u1\"}", "groupId");
    assertField("{\"type\":\"alias\",\"userId\":\"u1\"}", "previousId");
    assertField("{\"type\":\"alias\",\"previousId\":\"u1\"}", "userId");
    assertField("{\"type\":\"identify\",\"userId\":\"u1\",\"context\":5}", "context");
    assertField("{\"type\":\"track\",", "body");
    assertField("[1,2]", "body");
    assertField("", "body");
    assertField("{\"batch\":{}}", "batch");
    assertThat(cdp.countEvents()).isZero();
    assertThat(tracking.ingest("{\"batch\":[5]}").rejected()).extracting(Rejection::field)
        .containsExactly("batch[0]");
    assertThat(tracking.ingest("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"},"
        + "{\"type\":\"track\",\"userId\":\"u\"}]}").rejected())
        .extracting(Rejection::field).containsExactly("batch[1].event");
  }

  @Test
  void typedIngest_acceptsAMessageWithoutTypeAndRefusesAnotherTypeOrABatch() {
    Event event = tracking.ingest(MessageType.TRACK,
        "{\"userId\":\"u1\",\"event\":\"A\"}".getBytes(StandardCharsets.UTF_8)).events().get(0);
    assertThat(event.type()).isEqualTo("A");
    assertThatThrownBy(() -> tracking.ingest(MessageType.TRACK,
        "{\"type\":\"identify\",\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("type"));
    assertThatThrownBy(() -> tracking.ingest(MessageType.TRACK,
        "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("batch"));
    assertThatThrownBy(() -> tracking.ingestBatch("{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("batch"));
  }

  @Test
  void batchLargerThanTheLimit_isRefused() {
    TrackingMessages small = TrackingMessages.builder(cdp).maxBatchMessages(1).source("web").build();
    assertThatThrownBy(() -> small.ingest("{\"batch\":[{},{}]}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("batch"));
    Event event = small.ingest("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"}]}")
        .events().get(0);
    assertThat(event.source()).isEqualTo("web");
  }

  @Test
  void numericUserId_isAccepted() {
    tracking.ingest("{\"type\":\"identify\",\"userId\":42}");
    assertThat(user("42")).isNotNull();
  }

  private void assertField(String body, String field) {
    assertThatThrownBy(() -> tracking.ingest(body))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).as(body).isEqualTo(field));
  }
}

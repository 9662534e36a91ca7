package io.cdpkit.workflows.crash;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A durable {@link EnrollmentStore} for the crash test: every write is applied to an in-memory
 * store and appended to a file as one JSON line, fsynced before the method returns; opening the
 * file replays it (signals get the same ids again). Keeps the crash tests inside this module; the
 * SQLite enrollment store is the production one.
 */
final class FileEnrollmentStore implements EnrollmentStore, AutoCloseable {
  private static final ObjectMapper JSON = mapper();

  private final InMemoryEnrollmentStore memory = new InMemoryEnrollmentStore();
  private final FileChannel log;

  FileEnrollmentStore(Path file) {
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            replay(JSON.readTree(line));
          }
        }
      }
      log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper mapper() {
    SimpleModule time = new SimpleModule();
    time.addSerializer(Instant.class, new JsonSerializer<Instant>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    time.addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return Instant.parse(p.getValueAsString());
      }
    });
    return new ObjectMapper().registerModule(time)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  private void replay(JsonNode line) throws IOException {
    JsonNode value = line.get("value");
    switch (line.get("op").asText()) {
      case "saveWorkflow" -> memory.saveWorkflow(JSON.treeToValue(value, StoredWorkflow.class));
      case "putStatus" -> memory.putStatus(JSON.treeToValue(value, WorkflowStatus.class));
      case "deleteWorkflow" -> memory.deleteWorkflow(value.asText());
      case "forgetProfile" -> memory.forgetProfile(value.asText());
      case "appendSignal" -> memory.appendSignal(
          StoredSignal.Kind.valueOf(value.get("kind").asText()), value.get("payload").asText());
      case "completeSignal" -> memory.completeSignal(
          value.get("signal").asLong(),
          List.of(JSON.treeToValue(value.get("created"), NewEnrollment[].class)));
      case "insert" -> memory.insert(JSON.treeToValue(value, NewEnrollment.class));
      case "update" -> memory.update(JSON.treeToValue(value, Enrollment.class));
      case "recordSend" -> memory.recordSend(JSON.treeToValue(value, SendRecord.class));
      case "recordOutcome" -> memory.recordOutcome(
          JSON.treeToValue(value.get("key"), IdempotencyKey.class),
          SendRecord.Status.valueOf(value.get("status").asText()),
          value.get("detail").asText(),
          Instant.parse(value.get("at").asText()));
      default -> throw new IllegalStateException("unknown op in " + line);
    }
  }

  private void append(String op, Object value) {
    try {
      ObjectNode line = JSON.createObjectNode();
      line.put("op", op);
      line.set("value", JSON.valueToTree(value));
      byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        log.write(buffer);
      }
      log.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void saveWorkflow(StoredWorkflow workflow) {
    memory.saveWorkflow(workflow);
    append("saveWorkflow", workflow);
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    return memory.findWorkflow(name, version);
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return memory.versions(name);
  }

  @Override
  public synchronized void putStatus(WorkflowStatus status) {
    memory.putStatus(status);
    append("putStatus", status);
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return memory.findStatus(name);
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return memory.statuses();
  }

  @Override
  public synchronized void deleteWorkflow(String name) {
    memory.deleteWorkflow(name);
    append("deleteWorkflow", name);
  }

  @Override
  public synchronized boolean insert(NewEnrollment enrollment) {
    boolean inserted = memory.insert(enrollment);
    append("insert", enrollment);
    return inserted;
  }

  @Override
  public synchronized Enrollment update(Enrollment enrollment) {
    Enrollment stored = memory.update(enrollment);
    append("update", enrollment);
    return stored;
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    return memory.find(enrollmentId);
  }

  @Override
  public List<Enrollment> due(Instant now, int limit) {
    return memory.due(now, limit);
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    return memory.ofProfile(profileId);
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    return memory.ofWorkflow(workflow);
  }

  @Override
  public Map<EnrollmentState, Long> countByState(String workflow) {
    return memory.countByState(workflow);
  }

  @Override
  public long countConverted(String workflow) {
    return memory.countConverted(workflow);
  }

  @Override
  public synchronized void recordSend(SendRecord record) {
    memory.recordSend(record);
    append("recordSend", record);
  }

  @Override
  public synchronized void recordOutcome(
      IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
    memory.recordOutcome(key, status, detail, at);
    append("recordOutcome",
        Map.of("key", key, "status", status.name(), "detail", detail, "at", at.toString()));
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    return memory.findSend(key);
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return memory.sendsOf(enrollmentId);
  }

  @Override
  public long countDelivered(String profileId, String channel, Instant since) {
    return memory.countDelivered(profileId, channel, since);
  }

  @Override
  public synchronized int forgetProfile(String profileId) {
    int forgotten = memory.forgetProfile(profileId);
    append("forgetProfile", profileId);
    return forgotten;
  }

  @Override
  public void close() {
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized long appendSignal(StoredSignal.Kind kind, String payload) {
    long id = memory.appendSignal(kind, payload);
    append("appendSignal", Map.of("kind", kind.name(), "payload", payload));
    return id;
  }

  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    return memory.pendingSignals(limit);
  }

  @Override
  public synchronized int completeSignal(long signalId, Collection<NewEnrollment> created) {
    List<NewEnrollment> list = List.copyOf(created);
    int inserted = memory.completeSignal(signalId, list);
    append("completeSignal", Map.of("signal", signalId, "created", list));
    return inserted;
  }
}

package io.cdpkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ServeConfigTest {
  @TempDir Path dir;

  @Test
  void load_environmentWinsOverTheFile() throws IOException {
    Path file = dir.resolve("cdp.properties");
    Files.writeString(file, "smtp.host = mail.internal\nsmtp.port=25\nzone=Europe/Amsterdam\n");

    ServeConfig config = ServeConfig.load(file, Map.of("CDP_SMTP_HOST", "relay.internal", "HOME", "/root"));

    assertThat(config.get("smtp.host")).contains("relay.internal");
    assertThat(config.get("smtp.port")).contains("25");
    assertThat(config.zone()).contains(ZoneId.of("Europe/Amsterdam"));
  }

  @Test
  void defaults_whenNothingIsSet() {
    ServeConfig config = ServeConfig.load(null, Map.of());

    assertThat(config.dueWorkPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.allowedHosts()).isEmpty();
    assertThat(config.sendsFile()).isEqualTo(Path.of("cdp-sends.jsonl"));
    assertThat(config.dashboardPort()).isEmpty();
    assertThat(config.get("write_key")).isEmpty();
  }

  @Test
  void variable_isTheKeyInUpperCaseWithUnderscores() {
    assertThat(ServeConfig.variable("http.allowed_hosts")).isEqualTo("CDP_HTTP_ALLOWED_HOSTS");
    assertThat(ServeConfig.KEYS).allSatisfy(key -> assertThat(ServeConfig.variable(key)).startsWith("CDP_"));
  }

  @Test
  void allowedHosts_areSplitAndTrimmed() {
    ServeConfig config = ServeConfig.load(null, Map.of("CDP_HTTP_ALLOWED_HOSTS", "api.example.com, *.hooks.example.com"));

    assertThat(config.allowedHosts()).isEqualTo(List.of("api.example.com", "*.hooks.example.com"));
  }

  @Test
  void aBadNumber_isRefusedNamingTheKey() {
    ServeConfig config = ServeConfig.load(null, Map.of("CDP_DASHBOARD_PORT", "eighty"));

    assertThatThrownBy(config::dashboardPort).hasMessage("dashboard.port must be a whole number, was 'eighty'");
  }

  @Test
  void toString_hidesThePasswordAndWriteKey() {
    ServeConfig config = ServeConfig.load(null, Map.of("CDP_SMTP_PASSWORD", "hunter2-secret",
        "CDP_WRITE_KEY", "wk-secret-1", "CDP_SMTP_HOST", "mail.internal"));

    assertThat(config.toString()).doesNotContain("hunter2-secret", "wk-secret-1").contains("mail.internal");
  }

  @Test
  void postgresInstanceId_isReadFromItsVariable() {
    assertThat(ServeConfig.load(null, Map.of("CDP_POSTGRES_INSTANCE_ID", "cdp-pod-1")).postgresInstanceId())
        .contains("cdp-pod-1");
    assertThat(ServeConfig.load(null, Map.of()).postgresInstanceId()).isEmpty();
  }
}

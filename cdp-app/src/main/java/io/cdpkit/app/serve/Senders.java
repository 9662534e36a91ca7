package io.cdpkit.app.serve;

import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import io.cdpkit.workflows.channel.SmtpEmailSender;
import io.cdpkit.workflows.channel.SmtpOptions;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import java.time.Clock;
import java.util.Locale;

/**
 * The senders {@code cdp serve} gives its workflows, from its configuration: email over SMTP when
 * {@code smtp.host} is set, else to the sends file; messages to the sends file; HTTP steps and
 * webhooks over {@code java.net.http} to the allowed hosts only.
 *
 * @param description one line saying where sends go, for the start-up message
 */
public record Senders(EmailSender email, MessageSender messages, HttpStepClient http, String description) {

  /** The senders {@code config} asks for, on {@code clock}. */
  public static Senders from(ServeConfig config, Clock clock) {
    FileSendLog file = new FileSendLog(config.sendsFile(), clock);
    HttpStepClient http = HttpClientStepClient.create(HttpStepOptions.builder()
        .allowHosts(config.allowedHosts().toArray(String[]::new))
        .clock(clock)
        .build());
    String httpDescription = config.allowedHosts().isEmpty()
        ? "HTTP steps refused (no http.allowed_hosts)"
        : "HTTP steps to " + String.join(",", config.allowedHosts());
    if (config.get("smtp.host").isEmpty()) {
      return new Senders(file, file, http,
          "email and messages written to " + file.file() + "; " + httpDescription);
    }
    String host = config.get("smtp.host").orElseThrow();
    SmtpOptions.Builder smtp = SmtpOptions.builder(host).clock(clock);
    config.get("smtp.port").ifPresent(port -> smtp.port(ServeConfig.integer("smtp.port", port)));
    config.get("smtp.tls").ifPresent(tls ->
        smtp.tls(SmtpOptions.TlsMode.valueOf(tls.toUpperCase(Locale.ROOT))));
    config.get("smtp.username").ifPresent(user ->
        smtp.credentials(user, config.get("smtp.password").orElse("")));
    config.get("smtp.from").ifPresent(smtp::defaultFrom);
    return new Senders(SmtpEmailSender.create(smtp.build()), file, http,
        "email over SMTP to " + host + ", messages written to " + file.file() + "; " + httpDescription);
  }
}

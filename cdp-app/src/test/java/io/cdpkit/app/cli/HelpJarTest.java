package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help through the packaged jar: {@code java -jar cdp.jar --help}, {@code help COMMAND} and a
 * usage error as a user meets them, and every command's {@code --help} (and {@code cdp help} of
 * every top-level command) run on the jar's classes in one JVM.
 */
final class HelpJarTest {
  @TempDir Path dir;

  @Test
  void everyCommand_answersHelp_fromTheJar() {
    JarCdp.Result result = JarCdp.runMain(dir, JarHelp.class, List.of());

    List<String> lines = result.out().lines().toList();
    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(lines.get(0)).as("the tool's classes come from the jar").endsWith("/cdp.jar");
    assertThat(lines.subList(1, lines.size())).as(result.err())
        .hasSize(HelpCommands.all().size())
        .allSatisfy(line -> assertThat(line).startsWith("ok cdp "));
  }

  @Test
  void javaDashJar_printsHelp_andAUsageErrorPointsToIt() {
    JarCdp.Result top = JarCdp.run(dir, List.of("--help"));
    JarCdp.Result serve = JarCdp.run(dir, List.of("help", "serve"));
    JarCdp.Result nested = JarCdp.run(dir, List.of("workflow", "save", "--help"));
    JarCdp.Result missing = JarCdp.run(dir, List.of("segment", "count"));

    assertThat(top.exit()).isZero();
    assertThat(top.out()).startsWith("Usage: cdp ").contains("workflow", "sync", "gdpr");
    assertThat(serve.out()).startsWith("Usage: cdp serve").contains("--port", "--write-key", "Example");
    assertThat(nested.out()).startsWith("Usage: cdp workflow save").contains("FILE.json");
    assertThat(missing.exit()).isEqualTo(Cli.USAGE);
    assertThat(missing.err()).isEqualTo("cdp: Missing required parameter: 'EXPR_OR_NAME'\n"
        + "Try 'cdp segment count --help'.");
  }
}

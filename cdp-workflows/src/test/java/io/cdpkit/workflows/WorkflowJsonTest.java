package io.cdpkit.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JSON form as users write it: the README's example, and fields the format does not know. */
final class WorkflowJsonTest {

  @Test
  void readmeExample_readsAndSavesAsWritten() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```json\n") + "```json\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));

    Workflow workflow = Workflow.fromJson(example);

    try (EngineFixture f = new EngineFixture()) {
      Workflow saved = f.engine.save(workflow);
      assertThat(saved.name()).isEqualTo("welcome");
      assertThat(saved.steps()).hasSize(7);
      assertThat(Workflow.fromJson(saved.toJson())).isEqualTo(saved);
    }
  }

  @Test
  void unknownFields_areRefusedWithTheirPaths() {
    String json = """
        {"name": "x", "trigger": {"type": "broadcastOnly", "segmnt": "s"}, "enabeld": true,
         "consent": {"channel": "email"},
         "sendPolicy": {"frequencyCaps": [{"channel": "email", "max": 1, "period": "P1D", "per": 2}]},
         "steps": [{"type": "sendEmail", "id": "m", "templateId": "t",
           "addressProperty": "$identifier.email", "subjct": "Hi",
           "tags": [{"name": "a", "source": "a", "fallback": "b"}]},
           {"type": "branch", "id": "b", "condition": "age > 1", "then": [{"type": "wait", "id": "w",
             "duration": "P1D", "until": "x"}]}]}
        """;

    assertThatThrownBy(() -> Workflow.fromJson(json))
        .isInstanceOf(WorkflowValidationException.class)
        .hasMessageContaining("enabeld: unknown field")
        .hasMessageContaining("trigger.segmnt: unknown field")
        .hasMessageContaining("sendPolicy.frequencyCaps[0].per: unknown field")
        .hasMessageContaining("steps[0].subjct: unknown field; known here: type, id, templateId")
        .hasMessageContaining("steps[0].tags[0].fallback: unknown field")
        .hasMessageContaining("steps[1].then[0].until: unknown field");
  }
}

package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

final class MaximumLikelihoodTest {
  @Test
  void aSmoothMaximum_isFound() {
    MaximumLikelihood.Maximum maximum = MaximumLikelihood.maximise(
        p -> -Math.pow(p[0] - 2, 2) - Math.pow(p[1] - 0.5, 2), new double[] {1, 1});

    assertThat(maximum.parameters()[0]).isCloseTo(2, Offset.offset(1e-3));
    assertThat(maximum.parameters()[1]).isCloseTo(0.5, Offset.offset(1e-3));
  }

  @Test
  void aSearchThatNeverSettles_endsWithItsOwnExceptionNotTheOptimisersCounter() {
    Random noise = new Random(1);

    assertThatThrownBy(() -> MaximumLikelihood.maximise(p -> noise.nextDouble(), new double[] {1, 1}))
        .isInstanceOf(NoMaximumFoundException.class)
        .hasMessage("no maximum of the likelihood found in 20000 evaluations");
  }
}

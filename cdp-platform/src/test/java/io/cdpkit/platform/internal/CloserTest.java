package io.cdpkit.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CloserTest {
  @Test
  void close_closesInTheReverseOfRegistration() {
    List<String> closed = new ArrayList<>();
    Closer closer = new Closer();
    closer.register(() -> closed.add("store"));
    closer.register(() -> closed.add("segments"));
    closer.register(() -> closed.add("scheduler"));

    closer.close();

    assertThat(closed).containsExactly("scheduler", "segments", "store");
    assertThat(closer.isEmpty()).isTrue();
  }

  @Test
  void close_whenOnePartFails_closesTheRestAndThrowsTheFirstFailure() {
    List<String> closed = new ArrayList<>();
    Closer closer = new Closer();
    closer.register(() -> closed.add("store"));
    closer.register(() -> {
      throw new IllegalStateException("engine");
    });
    closer.register(() -> {
      throw new IllegalArgumentException("scheduler");
    });

    assertThatThrownBy(closer::close)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scheduler")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
            .containsExactly("engine"));
    assertThat(closed).containsExactly("store");
  }
}

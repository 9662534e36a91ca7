package io.cdpkit.core.storage.memory;

import java.util.Deque;
import org.jspecify.annotations.Nullable;

/** The data and undo log one session's ports share; a null log means a read-only session. */
final class MemoryTransaction {
  final MemoryData data;
  private final @Nullable Deque<Runnable> undo;

  MemoryTransaction(MemoryData data, @Nullable Deque<Runnable> undo) {
    this.data = data;
    this.undo = undo;
  }

  /** Fails unless this session may write. */
  void checkWritable() {
    if (undo == null) {
      throw new IllegalStateException(
          "this is a read-only session: use Storage.write to change data");
    }
  }

  /** Records how to reverse a change just made. */
  void onUndo(Runnable inverse) {
    checkWritable();
    undo.push(inverse);
  }
}

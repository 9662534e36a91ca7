package io.cdpkit.workflows.crash;

import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.contract.EnrollmentStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class FileEnrollmentStoreContractTest extends EnrollmentStoreContract {
  private Path file;

  @Override
  protected EnrollmentStore createStore() {
    try {
      file = Files.createTempFile("enrollments", ".jsonl");
      file.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FileEnrollmentStore(file);
  }

  @Override
  protected boolean survivesReopen() {
    return true;
  }

  @Override
  protected EnrollmentStore reopen(EnrollmentStore current) {
    ((FileEnrollmentStore) current).close();
    return new FileEnrollmentStore(file);
  }
}

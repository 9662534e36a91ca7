package io.cdpkit.core.exchange;

import io.cdpkit.core.identity.PhoneNumbers;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to read an import.
 *
 * @param format CSV or JSON Lines
 * @param separator the CSV separator ({@code ','} or {@code ';'}); {@code null} detects it from
 *     the header row (the one of the two that occurs more often outside quotes; comma on a tie)
 * @param strict all or nothing: validate every row first and store only when none is bad, in one
 *     transaction (the requests of the whole file are held in memory)
 * @param batchSize rows stored per transaction when not strict, 1 to 100,000
 * @param mapping what CSV columns mean
 * @param progress hears the import advance
 * @param phones how phone numbers are read: with a default region for national numbers, or
 *     international only
 */
public record ImportOptions(
    DataFormat format,
    @Nullable Character separator,
    boolean strict,
    int batchSize,
    ColumnMapping mapping,
    ImportProgress progress,
    PhoneNumbers phones) {

  public static final int DEFAULT_BATCH_SIZE = 1_000;
  public static final int MAX_BATCH_SIZE = 100_000;

  public ImportOptions {
    Objects.requireNonNull(format, "format");
    if (separator != null && separator != ',' && separator != ';') {
      throw new IllegalArgumentException("separator must be ',' or ';', was '" + separator + "'");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batchSize must be 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
    }
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(phones, "phones");
  }

  /**
   * CSV, separator detected, not strict, batches of 1,000, default mapping, no progress,
   * international phone numbers only.
   */
  public static ImportOptions defaults() {
    return new ImportOptions(DataFormat.CSV, null, false, DEFAULT_BATCH_SIZE,
        ColumnMapping.defaults(), ImportProgress.none(), PhoneNumbers.internationalOnly());
  }

  /** {@link #defaults()} with the format. */
  public static ImportOptions of(DataFormat format) {
    return defaults().toBuilder().format(format).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ImportOptions}. Not thread-safe. */
  public static final class Builder {
    private DataFormat format;
    private @Nullable Character separator;
    private boolean strict;
    private int batchSize;
    private ColumnMapping mapping;
    private ImportProgress progress;
    private PhoneNumbers phones;

    private Builder(ImportOptions from) {
      format = from.format;
      separator = from.separator;
      strict = from.strict;
      batchSize = from.batchSize;
      mapping = from.mapping;
      progress = from.progress;
      phones = from.phones;
    }

    public Builder format(DataFormat value) {
      format = Objects.requireNonNull(value, "format");
      return this;
    }

    /** {@code ','} or {@code ';'}, or {@code null} to detect. */
    public Builder separator(@Nullable Character value) {
      separator = value;
      return this;
    }

    public Builder strict(boolean value) {
      strict = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder mapping(ColumnMapping value) {
      mapping = Objects.requireNonNull(value, "mapping");
      return this;
    }

    public Builder progress(ImportProgress value) {
      progress = Objects.requireNonNull(value, "progress");
      return this;
    }

    /**
     * The region national phone numbers are read in (ISO 3166, such as {@code ID}).
     *
     * @throws IllegalArgumentException for an unknown region
     */
    public Builder phoneRegion(String region) {
      phones = PhoneNumbers.withDefaultRegion(region);
      return this;
    }

    /** @throws IllegalArgumentException naming the field and value that break a rule */
    public ImportOptions build() {
      return new ImportOptions(format, separator, strict, batchSize, mapping, progress, phones);
    }
  }
}

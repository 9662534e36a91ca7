package io.cdpkit.core.identity;

import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A profile as it was when a merge absorbed it, kept in the {@link MergeRecord} so that an unmerge
 * can restore it.
 *
 * @param id the absorbed profile's id
 * @param attributes its attributes then
 * @param consents its current consents then
 * @param createdAt when it was created
 * @param updatedAt when it last changed before the merge
 * @param mergedIds the ids it had absorbed itself before
 * @param mainIdentifiers its main identifiers then, which an unmerge makes main again (the merge
 *     demotes those of a type the survivor has a main of); empty in records written before they
 *     were kept
 */
public record ProfileSnapshot(
    String id,
    ObjectValue attributes,
    List<Consent> consents,
    Instant createdAt,
    Instant updatedAt,
    Set<String> mergedIds,
    List<Identifier> mainIdentifiers) {

  public ProfileSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
    consents = List.copyOf(consents);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    mergedIds = Set.copyOf(mergedIds);
    mainIdentifiers = List.copyOf(mainIdentifiers);
  }
}

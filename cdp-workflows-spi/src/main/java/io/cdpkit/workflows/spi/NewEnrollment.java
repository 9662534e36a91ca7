package io.cdpkit.workflows.spi;

import io.cdpkit.workflows.enrollment.Enrollment;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An enrollment to store, with the workflow's re-entry rule that the store checks in the same
 * atomic step as it inserts: the insert is refused while the profile has a live enrollment in the
 * workflow, and, when {@code refusedAfter} is set, also when one of its enrollments there ended
 * after that instant (one that has not ended counts at its entry). So a policy decided by reading
 * the profile's enrollments cannot be undone by another engine enrolling the profile between that
 * read and the insert.
 *
 * @param enrollment the enrollment, at revision 0
 * @param refusedAfter null to refuse only beside a live enrollment (re-entry after completion);
 *     {@link Instant#MIN} to refuse beside any earlier enrollment (once per profile); otherwise the
 *     start of the cool-down window
 */
public record NewEnrollment(Enrollment enrollment, @Nullable Instant refusedAfter) {
  public NewEnrollment {
    Objects.requireNonNull(enrollment, "enrollment");
  }

  /** An enrollment refused only beside a live one of its profile in its workflow. */
  public static NewEnrollment of(Enrollment enrollment) {
    return new NewEnrollment(enrollment, null);
  }
}

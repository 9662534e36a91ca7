package io.cdpkit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a fresh in-memory Cdp with segments attached and a {@link
 * io.cdpkit.core.testing.TestClock} standing at {@link #start()}. Inject a {@link CdpTestContext},
 * {@code Cdp}, {@code Segments} or {@code TestClock} as a test method parameter or as a field.
 * Tests may run in parallel: nothing is shared between tests.
 *
 * <pre>{@code
 * @CdpTest
 * class WelcomeTest {
 *   @Test
 *   void youngCustomersJoin(CdpTestContext cdp) {
 *     cdp.segments().save("young", "age < 30");
 *     Profile ann = cdp.cdp().identify(Identify.builder().email("ann@example.com").set("age", 25).build());
 *     CdpAssertions.assertThat(ann).isInSegment(cdp.segments(), "young");
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CdpExtension.class)
public @interface CdpTest {
  /** The time zone of calendar rules (days, months). */
  String zone() default "UTC";

  /** Where the test clock starts, as an ISO-8601 instant. */
  String start() default "2026-01-01T00:00:00Z";

  /** The identity rules to start from. */
  IdentityPreset identity() default IdentityPreset.DEFAULT;

  /** Whether unknown consent counts as reachable on every channel. */
  boolean unknownConsentReachable() default false;
}

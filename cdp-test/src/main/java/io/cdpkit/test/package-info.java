/**
 * Test support for apps that embed CDPKit. Annotate a test class with {@link
 * io.cdpkit.test.CdpTest} and take a {@link io.cdpkit.test.CdpTestContext} (or a {@code Cdp},
 * {@code Segments} or {@code TestClock}) as a test method parameter or field; assert with {@link
 * io.cdpkit.test.CdpAssertions}.
 */
@NullMarked
package io.cdpkit.test;

import org.jspecify.annotations.NullMarked;

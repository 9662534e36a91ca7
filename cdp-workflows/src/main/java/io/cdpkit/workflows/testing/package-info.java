/**
 * Senders for tests and previews, supported API that users may use in their own tests: {@link
 * io.cdpkit.workflows.testing.RecordingEmailSender}, {@link
 * io.cdpkit.workflows.testing.RecordingMessageSender} and {@link
 * io.cdpkit.workflows.testing.RecordingHttpStepClient} keep every request in order, answer
 * scripted outcomes (fail the first sends, throw), and count distinct idempotency keys so a test
 * can show a send was never doubled. Start with {@code new RecordingEmailSender()}.
 */
@NullMarked
package io.cdpkit.workflows.testing;

import org.jspecify.annotations.NullMarked;

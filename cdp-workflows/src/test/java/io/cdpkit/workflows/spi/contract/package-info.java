/**
 * Contract kits for the channel sender ports, shipped in this module's test-jar: extend {@link
 * io.cdpkit.workflows.spi.contract.EmailSenderContract}, {@link
 * io.cdpkit.workflows.spi.contract.MessageSenderContract} or {@link
 * io.cdpkit.workflows.spi.contract.HttpStepClientContract} and implement its one factory method.
 * The kits start real local servers (HTTP on 127.0.0.1, SMTP through GreenMail); consumers declare
 * JUnit Jupiter, AssertJ, Jackson and {@code com.icegreen:greenmail-junit5} as test dependencies.
 */
@NullMarked
package io.cdpkit.workflows.spi.contract;

import org.jspecify.annotations.NullMarked;

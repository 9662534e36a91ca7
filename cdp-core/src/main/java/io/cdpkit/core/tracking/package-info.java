/**
 * Sources: the common tracking message format that web and mobile analytics libraries emit (the
 * one shared by Segment and RudderStack), applied to a {@link io.cdpkit.core.Cdp}. Start with
 * {@link io.cdpkit.core.tracking.TrackingMessages}; {@code docs/tracking.md} holds the same
 * mapping as a table.
 *
 * <h2>Mapping</h2>
 *
 * <p>Every message stores one event and identify, alias and group messages also update the
 * profile:
 *
 * <ul>
 *   <li>{@code userId} becomes a {@code user_id} identifier and {@code anonymousId} an {@code
 *       anonymous_id} identifier, on the profile change and on the event; one of them is required
 *       (alias: {@code userId} is).
 *   <li>{@code identify}: each trait is set as an attribute ({@code null} unsets it); the {@code
 *       email} and {@code phone} traits are identifiers as well. Event type {@code identify}; the
 *       traits are not copied into the event (they are personal data kept on the profile).
 *   <li>{@code track}: event type is {@code event}, properties are {@code properties}.
 *   <li>{@code page} and {@code screen}: event types {@code page_view} and {@code screen_view},
 *       with {@code properties} plus {@code name} (and {@code category} for pages).
 *   <li>{@code alias}: a profile change carrying both {@code userId} and {@code previousId}, so the
 *       identity rules judge the merge (a refused merge is in the identity log). {@code previousId}
 *       is a {@code user_id} when a profile already holds that user id, else an {@code
 *       anonymous_id}. Event type {@code alias} with property {@code previous_id}; the event carries
 *       only the {@code userId} identifier, so that it lands on the profile that user id holds.
 *   <li>{@code group}: attribute {@code group_id} set to {@code groupId}, attribute {@code
 *       group_traits} set to {@code traits} when given; event type {@code group} with properties
 *       {@code group_id} and {@code traits}.
 *   <li>{@code messageId} is the event id: a message whose id is stored already changes nothing. A
 *       message without one gets {@code msg-sha256-} and the SHA-256 of its JSON as the id.
 *   <li>{@code timestamp} is the event time (and the time of the profile change); without it,
 *       {@code originalTimestamp} corrected by {@code receivedAt - sentAt} (the device clock's
 *       skew, {@code receivedAt} being the Cdp clock on arrival), else {@code originalTimestamp},
 *       else the arrival time. A {@code receivedAt} in the message is not trusted for that.
 *   <li>{@code context} is kept as the event property {@code context}.
 *   <li>Every other top-level field ({@code integrations}, {@code sentAt}, {@code
 *       originalTimestamp}, {@code receivedAt}, {@code version}, {@code channel}, anything unknown)
 *       is kept verbatim in the event property {@code extra}, never dropped; except {@code
 *       writeKey}, a credential, which is never stored.
 *   <li>When a message's own properties already use one of the names above ({@code name}, {@code
 *       category}, {@code context}, {@code extra}), the mapped value goes under {@code $name}
 *       instead ({@code $context}, ...), so neither is lost.
 *   <li>Batches {@code {"batch": [...]}}: fields beside {@code batch} (such as {@code context} or
 *       {@code sentAt}) apply to every message lacking them, {@code context} key by key. All
 *       messages are validated before anything is stored, then stored in message order in one
 *       transaction: all of them, or none.
 * </ul>
 */
@NullMarked
package io.cdpkit.core.tracking;

import org.jspecify.annotations.NullMarked;

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
 *   <li>{@code identify}: each trait is set as an attribute ({@code null} unsets it); valid {@code
 *       email} and {@code phone} traits are identifiers as well (an invalid one stays an attribute;
 *       phone numbers are read into E.164 with the builder's {@code phoneRegion}). Event type {@code identify}; the
 *       traits are not copied into the event (they are personal data kept on the profile).
 *   <li>{@code track}: event type is {@code event}, properties are {@code properties}.
 *   <li>{@code page} and {@code screen}: event types {@code page_view} and {@code screen_view},
 *       with {@code properties} plus {@code name} (and {@code category} for pages).
 *   <li>{@code alias}: {@code previousId} (an {@code anonymous_id} unless a profile holds it as a
 *       {@code user_id}) is linked to the {@code userId}'s profile; when both are user ids of
 *       different profiles, the two are merged as a manual merge under the identity rules' caps. Event type {@code alias} with property {@code previous_id}; the event carries
 *       only the {@code userId} identifier, so that it lands on the profile that user id holds.
 *   <li>{@code group}: {@code groupId} added to the list attribute {@code groups}, {@code traits}
 *       kept under {@code group_traits.<groupId>}, {@code group_id} the latest group; event type
 *       {@code group} with properties {@code group_id} and {@code traits}.
 *   <li>{@code context.traits} {@code email} and {@code phone}, on any message, link the
 *       message's ids to the person they name.
 *   <li>{@code messageId} is the event id: a message whose id is stored already changes nothing. A
 *       message without one gets {@code msg-sha256-} and the SHA-256 of its JSON as the id.
 *   <li>{@code timestamp} is the event time (and the time of the profile change); without it,
 *       {@code receivedAt - (sentAt - originalTimestamp)} (the device clock's skew corrected,
 *       {@code receivedAt} being the Cdp clock on arrival), else {@code originalTimestamp}, else
 *       the arrival time. A {@code receivedAt} in the message is not trusted for that. A time
 *       without offset is read in the Cdp's zone; an unreadable one counts as absent and is kept
 *       in the event property {@code $unreadable_timestamp}.
 *   <li>{@code context} is kept as the event property {@code context}.
 *   <li>Every other top-level field ({@code integrations}, {@code sentAt}, {@code
 *       originalTimestamp}, {@code receivedAt}, {@code version}, {@code channel}, anything unknown)
 *       is kept verbatim in the event property {@code extra}, never dropped; except {@code
 *       writeKey}, a credential, which is never stored.
 *   <li>When a message's own properties already use one of the names above ({@code name}, {@code
 *       category}, {@code context}, {@code extra}), the mapped value goes under {@code $name}
 *       instead ({@code $context}, ...), so neither is lost.
 *   <li>Batches {@code {"batch": [...]}}: fields beside {@code batch} (such as {@code context} or
 *       {@code sentAt}, never {@code timestamp}) apply to every message lacking them, {@code
 *       context} key by key. Each message is validated on its own; the good ones are stored in
 *       message order in one transaction and the bad ones listed as {@link
 *       io.cdpkit.core.tracking.Rejection}s.
 * </ul>
 */
@NullMarked
package io.cdpkit.core.tracking;

import org.jspecify.annotations.NullMarked;

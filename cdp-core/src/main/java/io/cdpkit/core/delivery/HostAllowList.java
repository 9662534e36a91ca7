package io.cdpkit.core.delivery;

import io.cdpkit.core.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts an HTTP step may call: exact hosts ({@code api.example.com}, {@code 127.0.0.1},
 * {@code [::1]}) and wildcards ({@code *.example.com}, which matches any subdomain at any depth,
 * such as {@code a.example.com} and {@code a.b.example.com}, but not {@code example.com} itself).
 * Matching ignores case and a trailing dot. An empty list allows nothing. Immutable and
 * thread-safe.
 *
 * <p>A name on the list is not enough to call it: {@link #internalAddress} refuses a host that
 * resolves to a loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local or
 * multicast address, so that an allowed name whose DNS points inside the network (or is rebound
 * there) cannot reach internal services. Such an address is called only when the list names it
 * literally ({@code 127.0.0.1}, {@code [::1]}, {@code 10.0.0.5}) or names {@code localhost}.
 *
 * <pre>{@code
 * HostAllowList hosts = HostAllowList.of("api.example.com", "*.hooks.example.com");
 * hosts.allows("eu.hooks.example.com");   // true
 * hosts.allows("example.com");            // false
 * }</pre>
 */
public final class HostAllowList {
  private static final HostAllowList NONE = new HostAllowList(List.of());

  private final List<String> patterns;

  private HostAllowList(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** A list that allows no host. */
  public static HostAllowList none() {
    return NONE;
  }

  /**
   * A list of the given patterns.
   *
   * @throws InvalidInputException for an empty pattern, a {@code *} anywhere but a leading {@code
   *     *.}, a wildcard over fewer than two labels ({@code *.com}), or a character no host has
   */
  public static HostAllowList of(String... patterns) {
    return of(List.of(patterns));
  }

  /** Same as {@link #of(String...)}. */
  public static HostAllowList of(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    List<String> checked = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      checked.add(check(pattern));
    }
    return new HostAllowList(checked);
  }

  /** The patterns, normalised (lower case, no trailing dot, no brackets). */
  public List<String> patterns() {
    return patterns;
  }

  /** True when {@code host} (as {@link java.net.URI#getHost()} gives it) is on the list. */
  public boolean allows(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String normal = normalise(host);
    for (String pattern : patterns) {
      if (pattern.startsWith("*.")) {
        if (normal.length() > pattern.length() - 1 && normal.endsWith(pattern.substring(1))) {
          return true;
        }
      } else if (pattern.equals(normal)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why calling {@code host} would reach an internal address, or empty when every address it
   * resolves to is public or the list names the address (or {@code localhost}) itself. A host that
   * does not resolve is left to the HTTP client, which fails to connect.
   */
  public Optional<String> internalAddress(String host) {
    return internalAddress(host, InetAddress::getAllByName);
  }

  /** {@link #internalAddress(String)} with the given name resolution instead of the system's. */
  public Optional<String> internalAddress(String host, Resolver resolver) {
    String normal = normalise(host);
    try {
      for (InetAddress address : resolver.resolve(normal)) {
        String kind = InternalAddresses.kind(address);
        if (kind != null && !namesLiterally(normal, address)) {
          return Optional.of("host '" + host + "' resolves to " + address.getHostAddress() + ", a " + kind
              + " address; name that address itself on the allow-list to call it");
        }
      }
      return Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Name resolution: every address a host name stands for. */
  @FunctionalInterface
  public interface Resolver {
    /** The addresses of {@code host}; an IP literal gives itself. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private boolean namesLiterally(String host, InetAddress address) {
    if (host.equals("localhost") && address.isLoopbackAddress() && patterns.contains("localhost")) {
      return true;
    }
    for (String pattern : patterns) {
      if (isLiteral(pattern) && sameAddress(pattern, address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String literal, InetAddress address) {
    try {
      return InetAddress.getByName(literal).equals(address);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
  }

  private static String normalise(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[") && lower.endsWith("]")) {
      lower = lower.substring(1, lower.length() - 1);
    }
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    return lower;
  }

  private static String check(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new InvalidInputException("allowed host", pattern, "must not be blank");
    }
    String normal = normalise(pattern.strip());
    String rest = normal.startsWith("*.") ? normal.substring(2) : normal;
    if (rest.isEmpty()) {
      throw new InvalidInputException("allowed host", pattern, "must name a host");
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == ':' || c == '_';
      if (!ok) {
        throw new InvalidInputException(
            "allowed host",
            pattern,
            c == '*'
                ? "may use * only as a leading *. label"
                : "must be a host name or IP address, has '" + c + "'");
      }
    }
    if (rest.startsWith(".") || rest.contains("..")) {
      throw new InvalidInputException("allowed host", pattern, "has an empty label");
    }
    if (normal.startsWith("*.") && !rest.contains(".")) {
      throw new InvalidInputException(
          "allowed host", pattern, "a wildcard must cover at least two labels, as *.example.com");
    }
    return normal;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HostAllowList list && list.patterns.equals(patterns);
  }

  @Override
  public int hashCode() {
    return patterns.hashCode();
  }

  /** The patterns, as {@code [api.example.com, *.hooks.example.com]}. */
  @Override
  public String toString() {
    return patterns.toString();
  }
}

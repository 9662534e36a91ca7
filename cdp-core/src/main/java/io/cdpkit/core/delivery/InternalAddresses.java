package io.cdpkit.core.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/** Which addresses lie inside a network rather than on the public internet. */
final class InternalAddresses {
  private InternalAddresses() {}

  /** The kind of internal address, such as "loopback", or null for a public address. */
  static @Nullable String kind(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local (cloud metadata)";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      if (first == 0) {
        return "unspecified";
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return "carrier-grade NAT";
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "benchmarking";
      }
    }
    if (address instanceof Inet6Address) {
      if ((bytes[0] & 0xfe) == 0xfc) {
        return "unique-local";
      }
      if (isIpv4Mapped(bytes)) {
        byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
        try {
          return kind(InetAddress.getByAddress(v4));
        } catch (java.net.UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return null;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}

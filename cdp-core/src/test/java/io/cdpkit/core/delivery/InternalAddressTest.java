package io.cdpkit.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An allowed name is not enough: a host whose DNS points inside the network is refused unless the
 * allow-list names that address itself. Resolution is scripted, as a hostile DNS would answer.
 */
final class InternalAddressTest {
  private static final Map<String, String> DNS = Map.of(
      "hooks.example.com", "127.0.0.1",
      "metadata.example.com", "169.254.169.254",
      "intranet.example.com", "10.1.2.3",
      "home.example.com", "192.168.1.20",
      "cgnat.example.com", "100.64.0.9",
      "ula.example.com", "fd12:3456::1",
      "mapped.example.com", "::ffff:127.0.0.1",
      "public.example.com", "93.184.215.14",
      "v6.example.com", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String address = DNS.getOrDefault(host, host);
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  @ParameterizedTest
  @CsvSource({
      "hooks.example.com, loopback",
      "metadata.example.com, link-local",
      "intranet.example.com, private",
      "home.example.com, private",
      "cgnat.example.com, carrier-grade NAT",
      "ula.example.com, unique-local",
      "mapped.example.com, loopback",
      "127.0.0.1, loopback",
      "0.0.0.0, unspecified"})
  void anAllowedNameResolvingInside_isRefused_withTheAddressAndHowToAllowIt(String host, String kind) {
    HostAllowList list = HostAllowList.of("*.example.com", "hooks.example.com");
    assertThat(list.internalAddress(host, InternalAddressTest::resolve)).hasValueSatisfying(reason ->
        assertThat(reason).contains(host).contains(kind).contains("name that address itself"));
  }

  @Test
  void publicAddresses_pass() {
    HostAllowList list = HostAllowList.of("*.example.com");
    assertThat(list.internalAddress("public.example.com", InternalAddressTest::resolve)).isEmpty();
    assertThat(list.internalAddress("v6.example.com", InternalAddressTest::resolve)).isEmpty();
  }

  @Test
  void anInternalAddressNamedOnTheList_orLocalhost_isCalled() {
    assertThat(HostAllowList.of("127.0.0.1").internalAddress("127.0.0.1", InternalAddressTest::resolve)).isEmpty();
    assertThat(HostAllowList.of("[::1]").internalAddress("[::1]", InternalAddressTest::resolve)).isEmpty();
    assertThat(HostAllowList.of("intranet.example.com", "10.1.2.3")
        .internalAddress("intranet.example.com", InternalAddressTest::resolve)).isEmpty();
    assertThat(HostAllowList.of("localhost").internalAddress("localhost", h -> InetAddress.getAllByName("127.0.0.1")))
        .isEmpty();
    assertThat(HostAllowList.of("*.example.com", "10.1.2.4")
        .internalAddress("intranet.example.com", InternalAddressTest::resolve)).isPresent();
  }

  @Test
  void anUnresolvableHost_isLeftToTheClient() {
    assertThat(HostAllowList.of("*.example.com").internalAddress("gone.example.com", h -> {
      throw new UnknownHostException(h);
    })).isEmpty();
  }
}

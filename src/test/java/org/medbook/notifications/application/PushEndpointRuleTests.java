package org.medbook.notifications.application;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Web Push endpoint rule on its own, with a name resolver the test controls (no network). */
class PushEndpointRuleTests {

    private static final Map<String, String> DNS = Map.of(
            "fcm.googleapis.com", "142.250.185.74",
            "updates.push.services.mozilla.com", "2600:1f18:2489:8200:0:0:0:1",
            "internal.example.com", "10.0.0.7",
            "rebound.example.com", "93.184.216.34,127.0.0.1",
            "metadata.example.com", "169.254.169.254",
            "cgnat.example.com", "100.64.1.1",
            "ula.example.com", "fd12:3456:789a::1",
            "mapped.example.com", "0:0:0:0:0:ffff:a00:1",
            "nat64.example.com", "64:ff9b::a00:1",
            "sixtofour.example.com", "2002:c0a8:0101::1");

    private static PushEndpointRule rule(String... allowed) {
        return new PushEndpointRule(new PushProperties(Duration.ofSeconds(3), Duration.ofSeconds(5), 10, true,
                Duration.ofHours(24), List.of(allowed),
                new PushProperties.Fcm(null, null, "https://fcm.googleapis.com", Duration.ofSeconds(3), Duration.ofSeconds(5)),
                new PushProperties.Vapid(null, null, null)));
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        String[] parts = addresses.split(",");
        InetAddress[] resolved = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            resolved[i] = InetAddress.getByName(parts[i]); // literals only: no lookup
        }
        return resolved;
    }

    private static String refusal(PushEndpointRule rule, String endpoint) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> rule.check(endpoint, PushEndpointRuleTests::resolve));
        assertThat(refused).as(endpoint).isInstanceOf(PushEndpointRule.Refused.class);
        return refused.getMessage();
    }

    @Test
    void acceptsHttpsEndpointsOfPublicPushServices() {
        PushEndpointRule rule = rule();

        assertThat(rule.check("https://fcm.googleapis.com/fcm/send/abc:APA91b", PushEndpointRuleTests::resolve))
                .hasHost("fcm.googleapis.com");
        assertThat(rule.check("https://updates.push.services.mozilla.com:443/wpush/v2/gAAAA", PushEndpointRuleTests::resolve))
                .hasPath("/wpush/v2/gAAAA");
    }

    @Test
    void aFullyQualifiedNameWithItsTrailingDotIsANameNotAnAddress() throws Exception {
        PushEndpointRule rule = rule();

        assertThat(rule.check("https://push.example.com./wpush/x", host -> new InetAddress[] {
                InetAddress.getByName("142.250.185.74")})).hasPath("/wpush/x");
    }

    @Test
    void refusesPlainHttpOtherPortsAndIpLiterals() {
        PushEndpointRule rule = rule();

        assertThat(refusal(rule, "http://fcm.googleapis.com/fcm/send/x")).contains("https");
        assertThat(refusal(rule, "https://fcm.googleapis.com:8443/fcm/send/x")).contains("port");
        for (String literal : List.of("https://142.250.185.74/x", "https://[2600:1f18::1]/x", "https://2130706433/x",
                "https://0x7f000001/x")) {
            assertThat(refusal(rule, literal)).as(literal).contains("IP address");
        }
        assertThat(refusal(rule, "https://127.1/x")).isNotEmpty();
        assertThat(refusal(rule, "https://10.0.0.1./x")).isNotEmpty();
        assertThat(refusal(rule, "https://user:secret@fcm.googleapis.com/x")).contains("https URL");
        assertThat(refusal(rule, "ws://fcm.googleapis.com/x")).contains("https URL");
        assertThat(refusal(rule, "/relative/path")).contains("https URL");
    }

    @Test
    void refusesNamesThatResolveInsideTheNetwork() {
        PushEndpointRule rule = rule();

        for (String host : List.of("internal.example.com", "rebound.example.com", "metadata.example.com",
                "cgnat.example.com", "ula.example.com", "mapped.example.com", "nat64.example.com", "sixtofour.example.com")) {
            assertThat(refusal(rule, "https://" + host + "/push")).as(host).contains("internal address");
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedButMarkedAsPassing() {
        assertThatThrownBy(() -> rule().check("https://nowhere.example.com/push", PushEndpointRuleTests::resolve))
                .isInstanceOfSatisfying(PushEndpointRule.Refused.class, refused -> assertThat(refused.unresolved()).isTrue());
    }

    @Test
    void theAllowListExemptsAHostOnAnyPortOrOneHostAndPort() {
        PushEndpointRule rule = rule("127.0.0.1", "push.internal.example:8443");

        assertThat(rule.check("http://127.0.0.1:40123/push/1", PushEndpointRuleTests::resolve)).hasPort(40123);
        assertThat(rule.check("https://PUSH.internal.example:8443/push/1", PushEndpointRuleTests::resolve)).hasPort(8443);
        assertThat(refusal(rule, "https://push.internal.example:9443/push/1")).contains("port");
        assertThat(refusal(rule, "http://localhost:40123/push/1")).contains("https");
    }

    @Test
    void everyReservedIpv4RangeIsInternalAndItsNeighboursArePublic() throws UnknownHostException {
        for (String internal : List.of("0.1.2.3", "10.1.1.1", "127.0.0.2", "100.64.0.0", "100.127.255.255",
                "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.0.1", "192.0.0.8", "198.18.0.1",
                "198.19.255.255", "224.0.0.1", "240.0.0.1", "255.255.255.255")) {
            assertThat(PushEndpointRule.isPublic(InetAddress.getByName(internal))).as(internal).isFalse();
        }
        for (String external : List.of("1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
                "169.253.1.1", "172.15.255.255", "172.32.0.0", "192.167.1.1", "192.0.1.1", "198.17.255.255",
                "198.20.0.0", "223.255.255.255")) {
            assertThat(PushEndpointRule.isPublic(InetAddress.getByName(external))).as(external).isTrue();
        }
    }

    @Test
    void ipv6IsInternalWhereItIsReservedOrCarriesAnInternalIpv4Address() throws UnknownHostException {
        for (String internal : List.of("::", "::1", "fe80::1", "fec0::1", "fc00::1", "fdff::1", "ff02::1",
                "::10.0.0.1", "::0.0.0.2", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1",
                "2002:a00:1::1", "2002:a9fe:a9fe::1", "2001::1", "2001:0:abcd::1", "2001:db8::1", "100::1",
                "100::ffff:ffff:ffff:ffff",
                // ranges the JDK's own checks catch for IPv4 but not once carried in IPv6
                "::ffff:172.16.0.1", "::ffff:172.31.255.255", "::ffff:192.168.1.1", "::ffff:224.0.0.1",
                "::ffff:255.255.255.255", "2002:e000:1::1")) {
            assertThat(PushEndpointRule.isPublic(v6(internal))).as(internal).isFalse();
        }
        for (String external : List.of("2606:4700::1111", "fe00::1", "fbff::1", "::8.8.8.8", "::ffff:8.8.8.8",
                "64:ff9b::808:808", "64:ff9b:1::a00:1", "2002:808:808::1", "2001:1::1", "2001:db9::1",
                "100:0:0:1::1", "101::1", "::ffff:172.15.255.255", "::ffff:172.32.0.0", "::ffff:192.169.0.1",
                "::ffff:223.255.255.255", "2002:dfff:ffff::1")) {
            assertThat(PushEndpointRule.isPublic(v6(external))).as(external).isTrue();
        }
    }

    /** The literal as an IPv6 address, even where the JDK would hand back IPv4 for an IPv4-mapped one. */
    private static InetAddress v6(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return java.net.Inet6Address.getByAddress(null, bytes, -1);
    }
}

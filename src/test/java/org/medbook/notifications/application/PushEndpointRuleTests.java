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
    void refusesPlainHttpOtherPortsAndIpLiterals() {
        PushEndpointRule rule = rule();

        assertThat(refusal(rule, "http://fcm.googleapis.com/fcm/send/x")).contains("https");
        assertThat(refusal(rule, "https://fcm.googleapis.com:8443/fcm/send/x")).contains("port");
        for (String literal : List.of("https://142.250.185.74/x", "https://[2600:1f18::1]/x", "https://2130706433/x",
                "https://0x7f000001/x")) {
            assertThat(refusal(rule, literal)).as(literal).contains("IP address");
        }
        assertThat(refusal(rule, "https://127.1/x")).isNotEmpty();
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
}

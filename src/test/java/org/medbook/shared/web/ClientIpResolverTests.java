package org.medbook.shared.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIpResolverTests {

    private final ClientIpResolver resolver = new ClientIpResolver(new WebProperties(List.of("10.0.0.0/8", "127.0.0.1"), List.of(), null, null));

    private static MockHttpServletRequest from(String remote, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() {
        assertThat(resolver.resolve(from("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
    }

    @Test
    void believesATrustedProxyUpToTheFirstUntrustedHop() {
        assertThat(resolver.resolve(from("10.1.2.3", "198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(resolver.resolve(from("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.9.9.9"))).isEqualTo("198.51.100.1");
    }

    @Test
    void aClientCannotPickItsAddressByPrependingAHop() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the real peer.
        assertThat(resolver.resolve(from("10.0.0.5", "1.2.3.4, 198.51.100.9"))).isEqualTo("198.51.100.9");
    }

    @Test
    void trustsOnlyTheListedProxiesAndLoopbackWhenNoneAreListed() {
        ClientIpResolver listed = new ClientIpResolver(new WebProperties(List.of("10.0.0.0/8"), List.of(), null, null));
        ClientIpResolver unset = new ClientIpResolver(new WebProperties(null, List.of(), null, null));

        assertThat(listed.resolve(from("127.0.0.1", "198.51.100.1"))).isEqualTo("127.0.0.1");
        assertThat(unset.resolve(from("127.0.0.1", "198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(unset.resolve(from("10.1.2.3", "198.51.100.1"))).isEqualTo("10.1.2.3");
    }

    @Test
    void refusesAProxyThatIsNoAddress() {
        assertThatThrownBy(() -> new WebProperties(List.of("proxy.example"), List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MEDBOOK_TRUSTED_PROXIES");
    }

    @Test
    void fallsBackToThePeerOnGarbage() {
        assertThat(resolver.resolve(from("10.0.0.5", "not-an-ip"))).isEqualTo("10.0.0.5");
        assertThat(resolver.resolve(from("10.0.0.5", ""))).isEqualTo("10.0.0.5");
    }
}

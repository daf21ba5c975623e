package org.medbook.shared.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardedHeadersFilterTests {

    private final ClientIpResolver clientIps = new ClientIpResolver(new WebProperties(List.of("10.0.0.0/8"), List.of(), null, null));
    private final ForwardedHeadersFilter filter = new ForwardedHeadersFilter(clientIps, new MockEnvironment());

    private HttpServletRequest passedOn(MockHttpServletRequest request) throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set((HttpServletRequest) req));
        return seen.get();
    }

    private static MockHttpServletRequest from(String peer) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/specialties");
        request.setRemoteAddr(peer);
        request.setServerName("10.0.0.9");
        request.setServerPort(8080);
        request.addHeader("X-Forwarded-For", "198.51.100.4");
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "api.medbook.example");
        return request;
    }

    @Test
    void aTrustedProxysHeadersBecomeTheRequestsAddressSchemeAndHost() throws Exception {
        HttpServletRequest request = passedOn(from("10.0.0.5"));

        assertThat(request.getRemoteAddr()).isEqualTo("198.51.100.4");
        assertThat(request.isSecure()).isTrue();
        assertThat(request.getScheme()).isEqualTo("https");
        assertThat(request.getServerName()).isEqualTo("api.medbook.example");
        assertThat(request.getServerPort()).isEqualTo(443);
        assertThat(request.getRequestURL()).hasToString("https://api.medbook.example/api/v1/specialties");
        assertThat(clientIps.resolve(request)).isEqualTo("198.51.100.4");
    }

    @Test
    void anyOtherPeersHeadersChangeNothing() throws Exception {
        HttpServletRequest request = passedOn(from("203.0.113.7"));

        assertThat(request.getRemoteAddr()).isEqualTo("203.0.113.7");
        assertThat(request.isSecure()).isFalse();
        assertThat(request.getServerName()).isEqualTo("10.0.0.9");
        assertThat(request.getServerPort()).isEqualTo(8080);
        assertThat(clientIps.resolve(request)).isEqualTo("203.0.113.7");
    }

    @Test
    void aChainIsSecureOnlyWhenEveryHopWas() throws Exception {
        MockHttpServletRequest mixed = from("10.0.0.5");
        mixed.removeHeader("X-Forwarded-Proto");
        mixed.addHeader("X-Forwarded-Proto", "https, http");

        assertThat(passedOn(mixed).isSecure()).isFalse();
    }

    @Test
    void refusesToStartBesideTomcatsOwnForwardedHeaderHandling() {
        MockEnvironment tomcatToo = new MockEnvironment().withProperty("server.forward-headers-strategy", "native");

        assertThatThrownBy(() -> new ForwardedHeadersFilter(clientIps, tomcatToo))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MEDBOOK_TRUSTED_PROXIES");
    }
}

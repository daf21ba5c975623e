package org.medbook.shared.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind the request, and the one list of proxies whose forwarded headers
 * Medbook believes ({@code medbook.web.trusted-proxies}, {@code MEDBOOK_TRUSTED_PROXIES}).
 * {@code X-Forwarded-For} counts only when the connection comes from a trusted proxy, and then only
 * up to the first untrusted hop, so a client cannot pick its own address to dodge rate limits.
 * {@link ForwardedHeadersFilter} applies it to every request (HTTP and the WebSocket handshake alike);
 * Tomcat's own forwarded-header handling stays off.
 */
@Component
public class ClientIpResolver {

    /** Where {@link ForwardedHeadersFilter} leaves the address it resolved for the request. */
    static final String RESOLVED = ClientIpResolver.class.getName() + ".resolved";

    private final List<IpAddressMatcher> trusted;

    ClientIpResolver(WebProperties properties) {
        this.trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    public String resolve(HttpServletRequest request) {
        if (request.getAttribute(RESOLVED) instanceof String resolved) {
            return resolved;
        }
        String remote = request.getRemoteAddr();
        if (!trusts(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty() || !looksLikeAddress(hop)) {
                return remote;
            }
            if (!trusts(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    /** Whether the address is one of the trusted proxies, whose forwarded headers are believed. */
    boolean trusts(String address) {
        if (address == null) {
            return false;
        }
        try {
            return trusted.stream().anyMatch(matcher -> matcher.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    private static boolean looksLikeAddress(String value) {
        return value.length() <= 45 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }
}

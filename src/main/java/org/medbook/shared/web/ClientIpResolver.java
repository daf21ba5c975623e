package org.medbook.shared.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind the request. {@code X-Forwarded-For} is believed only when the
 * connection comes from a trusted proxy, and then only up to the first untrusted hop, so a client
 * cannot pick its own address to dodge rate limits.
 */
@Component
public class ClientIpResolver {

    private final List<IpAddressMatcher> trusted = new ArrayList<>();

    ClientIpResolver(WebProperties properties) {
        trusted.add(new IpAddressMatcher("127.0.0.0/8"));
        trusted.add(new IpAddressMatcher("::1"));
        properties.trustedProxies().forEach(proxy -> trusted.add(new IpAddressMatcher(proxy)));
    }

    public String resolve(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (!isTrusted(remote)) {
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
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
    }

    private boolean isTrusted(String address) {
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

package org.medbook.notifications.application;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which Web Push endpoints Medbook may call. A subscription names a URL that our server will POST
 * to, so without a rule anybody could point it at the cloud metadata service or an internal admin
 * page. An endpoint must be {@code https} on the default port, on a name (not an IP literal) whose
 * every address is public. Hosts on the allow-list are exempt. The rule is applied when a device
 * registers and again before every send, because what a name resolves to can change.
 */
@Component
public class PushEndpointRule {

    private final Set<String> allowed;

    PushEndpointRule(PushProperties properties) {
        this.allowed = Set.copyOf(properties.webPushAllowedHosts());
    }

    /** How names become addresses (the JDK's resolver, which also caches answers for a while). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * @return the endpoint as a URI, safe to call now
     * @throws Refused when it must not be called; {@link Refused#unresolved()} when only its name did not resolve
     */
    public URI check(String endpoint) {
        return check(endpoint, InetAddress::getAllByName);
    }

    URI check(String endpoint, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException | NullPointerException e) {
            throw new Refused("is not a valid URL", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("must be an https URL with a host name", false);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowed.contains(host) || allowed.contains(host + ":" + port)) {
            return uri;
        }
        if (!scheme.equals("https")) {
            throw new Refused("must use https", false);
        }
        if (port != 443) {
            throw new Refused("must use the default https port", false);
        }
        if (ipLiteral(host)) {
            throw new Refused("must name a host, not an IP address", false);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("names a host that does not resolve", true);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new Refused("names a host with a private, loopback or otherwise internal address", false);
            }
        }
        return uri;
    }

    /** Dotted, decimal or hex IPv4 forms and bracketed IPv6: no top-level domain starts with a digit. */
    private static boolean ipLiteral(String host) {
        if (host.startsWith("[") || host.contains(":")) {
            return true;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.isEmpty() || !Character.isLetter(last.charAt(0));
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return publicV4(b, 0);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return false; // fc00::/7 unique local
        }
        if (zeros(b, 0, 10) && (zeros(b, 10, 2) || (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)) {
            return publicV4(b, 12); // IPv4-compatible and IPv4-mapped
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zeros(b, 4, 8)) {
            return publicV4(b, 12); // 64:ff9b::/96 NAT64
        }
        if (first == 0x20 && second == 0x02) {
            return publicV4(b, 2); // 2002::/16 6to4
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x00 && (b[3] & 0xff) == 0x00) {
            return false; // 2001::/32 Teredo tunnels to an address we cannot check
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return false; // 2001:db8::/32 documentation
        }
        return !(first == 0x01 && second == 0x00 && zeros(b, 2, 6)); // 100::/64 discard
    }

    private static boolean publicV4(byte[] b, int at) {
        int a = b[at] & 0xff;
        int c = b[at + 1] & 0xff;
        int d = b[at + 2] & 0xff;
        return !(a == 0 || a == 10 || a == 127
                || a == 100 && (c & 0xc0) == 64          // 100.64.0.0/10 carrier-grade NAT
                || a == 169 && c == 254                  // link-local, cloud metadata
                || a == 172 && (c & 0xf0) == 16
                || a == 192 && c == 168
                || a == 192 && c == 0 && d == 0          // 192.0.0.0/24 protocol assignments
                || a == 198 && (c & 0xfe) == 18          // 198.18.0.0/15 benchmarking
                || a >= 224);                            // multicast, reserved, broadcast
    }

    private static boolean zeros(byte[] b, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An endpoint that must not be called; {@code unresolved} when the name only failed to resolve just now. */
    public static final class Refused extends RuntimeException {

        private final boolean unresolved;

        Refused(String reason, boolean unresolved) {
            super(reason);
            this.unresolved = unresolved;
        }

        public boolean unresolved() {
            return unresolved;
        }
    }
}

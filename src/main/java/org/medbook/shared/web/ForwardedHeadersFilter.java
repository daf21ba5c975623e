package org.medbook.shared.web;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the forwarded headers of a trusted proxy to the request, before anything else looks at it:
 * the client's address ({@code X-Forwarded-For}, as {@link ClientIpResolver} reads it), the scheme
 * ({@code X-Forwarded-Proto}, so {@code isSecure()} is true behind a TLS-terminating proxy), host and
 * port. The same request object reaches the controllers and the WebSocket handshake. Headers from any
 * other peer change nothing.
 *
 * <p>Tomcat could do this too ({@code server.forward-headers-strategy=native}), but with its own list of
 * internal proxies; two lists would disagree, so Medbook refuses to start with that strategy set.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ForwardedHeadersFilter extends OncePerRequestFilter {

    private final ClientIpResolver clientIps;

    ForwardedHeadersFilter(ClientIpResolver clientIps, Environment environment) {
        this.clientIps = clientIps;
        String strategy = environment.getProperty("server.forward-headers-strategy", "none");
        if (!strategy.equalsIgnoreCase("none")) {
            throw new IllegalStateException("server.forward-headers-strategy is '" + strategy + "': Medbook applies "
                    + "forwarded headers itself, from the proxies in MEDBOOK_TRUSTED_PROXIES; unset it");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!clientIps.trusts(request.getRemoteAddr())) {
            chain.doFilter(request, response);
            return;
        }
        String client = clientIps.resolve(request);
        request.setAttribute(ClientIpResolver.RESOLVED, client);
        chain.doFilter(new Forwarded(request, client), response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The request as the client sent it to the proxy. */
    private static final class Forwarded extends HttpServletRequestWrapper {

        private final String client;
        private final String scheme;
        private final String host;
        private final int port;

        Forwarded(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
            String proto = request.getHeader("X-Forwarded-Proto");
            // one value per proxy: secure only when every hop was
            this.scheme = proto == null || proto.isBlank() ? request.getScheme()
                    : Arrays.stream(proto.split(",")).map(String::strip)
                            .allMatch(value -> value.equalsIgnoreCase("https")) ? "https" : "http";
            String forwardedHost = first(request.getHeader("X-Forwarded-Host"));
            String hostOnly = forwardedHost;
            int hostPort = -1;
            if (forwardedHost != null) {
                int colon = forwardedHost.lastIndexOf(':');
                if (colon > 0 && forwardedHost.indexOf(']') < colon && forwardedHost.substring(colon + 1).matches("\\d{1,5}")) {
                    hostOnly = forwardedHost.substring(0, colon);
                    hostPort = Integer.parseInt(forwardedHost.substring(colon + 1));
                }
            }
            this.host = hostOnly == null ? request.getServerName() : hostOnly;
            String forwardedPort = first(request.getHeader("X-Forwarded-Port"));
            if (forwardedPort != null && forwardedPort.matches("\\d{1,5}")) {
                this.port = Integer.parseInt(forwardedPort);
            } else if (hostPort > 0) {
                this.port = hostPort;
            } else if (proto != null && !proto.isBlank() || forwardedHost != null) {
                this.port = scheme.equals("https") ? 443 : 80;
            } else {
                this.port = request.getServerPort();
            }
        }

        private static String first(String header) {
            if (header == null || header.isBlank()) {
                return null;
            }
            String value = header.split(",")[0].strip();
            return value.isEmpty() ? null : value;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public String getScheme() {
            return scheme;
        }

        @Override
        public boolean isSecure() {
            return scheme.equals("https");
        }

        @Override
        public String getServerName() {
            return host;
        }

        @Override
        public int getServerPort() {
            return port;
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer(scheme).append("://").append(host);
            if (!(scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }
    }
}

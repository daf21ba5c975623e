package org.medbook.identity.infrastructure;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Requests that arrived on the management port, when one is configured apart from the main port
 * ({@code management.server.port}). Actuator then answers only there, on a port an operator keeps
 * off the public network, and the same security filter sees its requests.
 */
record ManagementPortRequests(int port) implements RequestMatcher {

    static final int NONE = -1;

    static ManagementPortRequests from(Environment environment) {
        Integer management = environment.getProperty("management.server.port", Integer.class);
        Integer main = environment.getProperty("server.port", Integer.class, 8080);
        boolean separate = management != null && management > 0 && !management.equals(main);
        return new ManagementPortRequests(separate ? management : NONE);
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return port != NONE && request.getLocalPort() == port;
    }
}

package org.medbook.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (never redirects) any request that did not arrive over TLS, so a token or code sent over
 * plain HTTP by mistake fails loudly instead of working once. Behind a proxy, the proxy's
 * {@code X-Forwarded-Proto} decides, when the proxy is a trusted one ({@link ForwardedHeadersFilter}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
@ConditionalOnProperty(name = "medbook.web.require-https", havingValue = "true")
class HttpsOnlyFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    HttpsOnlyFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.isSecure()) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(response, HttpStatus.FORBIDDEN, "https-required", "This API is only served over HTTPS");
    }
}

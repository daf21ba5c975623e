package org.medbook.shared.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, taken from {@code X-Request-Id} when the caller sent a sane one,
 * puts it in the log context and echoes it back, so a log line and a response can be matched. It also
 * echoes the request's trace id ({@code X-Trace-Id}), which the tracing filter put in the log context
 * just before: it runs right after Boot's HTTP observation filter ({@code HIGHEST_PRECEDENCE + 1}), and
 * before the filters that may refuse a request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final String TRACE_HEADER = "X-Trace-Id";
    /** Where Micrometer Tracing keeps the current trace id in the log context. */
    static final String TRACE_MDC_KEY = "traceId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(HEADER);
        String requestId = incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        MDC.put(MDC_KEY, requestId);
        response.setHeader(HEADER, requestId);
        String traceId = MDC.get(TRACE_MDC_KEY);
        if (traceId != null) {
            response.setHeader(TRACE_HEADER, traceId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}

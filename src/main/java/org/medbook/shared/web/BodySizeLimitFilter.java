package org.medbook.shared.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Caps the size of every request body before anything parses it, signed in or not: a body that
 * declares a larger Content-Length is refused without reading a byte of it, and a body sent without
 * one (chunked) is cut off as soon as it passes the limit. Both answer 413 {@code payload-too-large}.
 * Routes that need more (provider webhooks, a doctor's whole schedule) are listed in
 * {@code medbook.web.larger-bodies}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long defaultLimit;
    private final List<Map.Entry<PathPattern, Long>> largerLimits;
    private final ProblemResponses problems;

    BodySizeLimitFilter(WebProperties properties, ProblemResponses problems) {
        this.defaultLimit = properties.maxBodyBytes().toBytes();
        this.largerLimits = properties.largerBodies().entrySet().stream()
                .map(entry -> Map.entry(PathPatternParser.defaultInstance.parse(entry.getKey()), entry.getValue().toBytes()))
                .toList();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            tooLarge(response, limit);
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, limit), response);
    }

    private long limitFor(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        return largerLimits.stream().filter(entry -> entry.getKey().matches(path)).mapToLong(Map.Entry::getValue)
                .max().orElse(defaultLimit);
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "The request body is larger than " + limit + " bytes, the most this endpoint accepts");
    }

    /** The request with a body stream that fails once more than {@code limit} bytes were read. */
    private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}

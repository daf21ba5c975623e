package org.medbook.identity.infrastructure;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Spring Security's {@link DefaultBearerTokenResolver}, answered without a regular expression in the
 * common case: an {@code Authorization: Bearer <token>} header on a request without a query string or a
 * form body. The default resolver matches the whole header against a pattern on every request, which
 * took 2 % of a booking's server CPU (BENCHMARKS.md). Whatever the fast path does not accept, it hands
 * to the default resolver, so every other case (no header, another scheme, a malformed token, a second
 * token in the query string or form) gets the default resolver's answer and error.
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "Bearer ";

    private final BearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && request.getQueryString() == null && !formBody(request)
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()) && isToken(header, SCHEME.length())) {
            return header.substring(SCHEME.length());
        }
        return standard.resolve(request);
    }

    /** RFC 6750's b64token from {@code from} to the end: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    static boolean isToken(String text, int from) {
        int at = from;
        while (at < text.length() && tokenChar(text.charAt(at))) {
            at++;
        }
        if (at == from) {
            return false;
        }
        while (at < text.length() && text.charAt(at) == '=') {
            at++;
        }
        return at == text.length();
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    /** A form body may carry an {@code access_token} parameter, which the default resolver looks at. */
    private static boolean formBody(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0,
                MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
    }
}

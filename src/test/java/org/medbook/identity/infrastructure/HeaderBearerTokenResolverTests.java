package org.medbook.identity.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast resolver answers exactly what Spring Security's default resolver answers, token or error. */
class HeaderBearerTokenResolverTests {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl-_~+/";

    private final BearerTokenResolver fast = new HeaderBearerTokenResolver();
    private final BearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Test
    void takesTheTokenOfABearerHeaderWhateverTheSchemesCase() {
        for (String scheme : List.of("Bearer ", "bearer ", "BEARER ", "bEaReR ")) {
            MockHttpServletRequest request = post(scheme + TOKEN);
            assertThat(fast.resolve(request)).isEqualTo(TOKEN);
            assertSame(request);
        }
        assertThat(fast.resolve(post("Bearer " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
    }

    @Test
    void answersEveryOtherHeaderAsTheDefaultResolverDoes() {
        List<String> headers = List.of("", "Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ",
                "Bearer " + TOKEN + "\n", "Bearer =" + TOKEN, "Bearer " + TOKEN + "=x", "Bearer ==", "Bearer a=b",
                "Bearer\t" + TOKEN, "Bearertoken", "Basic dXNlcjpwYXNz", "Token " + TOKEN, "Bearer " + TOKEN + "é",
                "Bearer tok,en", "Bearer tok en", "Bearer a", "Bearer " + TOKEN + "%");
        for (String header : headers) {
            assertSame(post(header));
        }
        assertSame(new MockHttpServletRequest("POST", "/api/v1/bookings"));
    }

    @Test
    void leavesATokenInTheQueryOrAFormToTheDefaultResolver() {
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/api/v1/bookings");
        get.addHeader("Authorization", "Bearer " + TOKEN);
        get.setQueryString("access_token=other");
        get.addParameter("access_token", "other");
        assertSame(get);

        MockHttpServletRequest form = post("Bearer " + TOKEN);
        form.setContentType("application/x-www-form-urlencoded; charset=UTF-8");
        form.addParameter("access_token", "other");
        assertSame(form);
    }

    @Test
    void agreesWithTheDefaultResolverOnRandomHeaders() {
        Random random = new Random(20261204);
        String alphabet = "aZ09-._~+/= \t,;:\"é%=";
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bearer" : "");
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        headers.forEach(header -> assertSame(post(header)));
    }

    private void assertSame(MockHttpServletRequest request) {
        assertThat(outcome(fast, request)).as(request.getHeader("Authorization")).isEqualTo(outcome(standard, request));
    }

    private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
        try {
            return "token " + resolver.resolve(request);
        } catch (OAuth2AuthenticationException refused) {
            return "error " + refused.getError().getErrorCode() + ": " + refused.getError().getDescription();
        }
    }

    private static MockHttpServletRequest post(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/bookings");
        request.setContentType("application/json");
        request.addHeader("Authorization", authorization);
        return request;
    }
}

package org.medbook.shared.web;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URLs refused before they reach a controller (by Tomcat while decoding, or by Spring Security's
 * firewall) answer a problem document like every other error, never an HTML page or Boot's default body.
 * Sent over a raw socket: an HTTP client library would normalise most of these paths first.
 */
class RejectedUrlTests extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/bookings/..%2F..",          // encoded slash: Tomcat
            "/api/v1/%00",                       // encoded NUL: Tomcat
            "/api/v1/bookings/%zz",              // broken escape: Tomcat
            "/api/v1/../../../etc/passwd",       // climbs above the root: Tomcat
            "/api/v1/bookings/..;/..",           // path parameter trick: the firewall
            "/api/v1/bookings/%2e%2e/admin",     // encoded period: the firewall
            "/api/v1/bookings//x",               // empty segment: the firewall
            "/api/v1/bookings/x%5Cy",            // encoded backslash
            "/api/v1/bookings/{x}",              // characters not allowed in a request target: the HTTP parser
    })
    void aRefusedUrlIsAProblemDocument(String target) throws IOException {
        RawHttp.Response response = RawHttp.get(port, target);

        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).startsWith(Problems.TYPE_BASE);
        assertThat(response.json().path("status").asInt()).isEqualTo(response.status());
        assertThat(response.json().has("timestamp")).isFalse();
        assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }
}

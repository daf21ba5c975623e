package org.medbook.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Api;
import org.medbook.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** How much a client may send: the size of a request body. */
class RequestLimitsTests extends IntegrationTest {

    @Test
    void aBodyThatDeclaresMoreThanTheLimitIsRefusedBeforeItIsSentEvenWithoutSigningIn() throws IOException {
        String head = "POST /api/v1/auth/otp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 20000000\r\nConnection: close\r\n\r\n";

        // only the first bytes are ever sent: the answer must not wait for the other 20 MB
        RawHttp.Response response = RawHttp.exchange(port, head, "{\"channel\":\"EMAIL\",".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("payload-too-large");
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws IOException {
        String head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        StringBuilder chunks = new StringBuilder(chunk("{\"password\":\"x\",\"email\":\""));
        for (int i = 0; i < 20; i++) {
            chunks.append(chunk("a".repeat(8192)));
        }

        // 160 KB of an unfinished JSON string and no last chunk: the body never ends, the answer comes anyway
        RawHttp.Response response = RawHttp.exchange(port, head, chunks.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.problem()).isEqualTo("payload-too-large");
    }

    @Test
    void aMegabyteBodyIsRefusedWhereASmallOneIsRead() {
        Api.Response huge = api.post("/api/v1/auth/login", Map.of("email", "a".repeat(1_000_000) + "@example.org",
                "password", "x"));
        Api.Response small = api.post("/api/v1/auth/login", Map.of("email", uniqueEmail("big"), "password", "x"));

        assertThat(huge.status()).as(huge.toString()).isEqualTo(413);
        assertThat(huge.problem()).isEqualTo("payload-too-large");
        assertThat(small.status()).as(small.toString()).isEqualTo(401);
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.length()) + "\r\n" + text + "\r\n";
    }
}

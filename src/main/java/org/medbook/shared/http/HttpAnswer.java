package org.medbook.shared.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClientException;

/**
 * A provider's answer whatever its status, for adapters that judge the status themselves
 * ({@code RestClient...exchange((request, response) -> HttpAnswer.of(response))}). Only the first
 * 64 KiB of the body are read: enough for any error a provider describes, and no more.
 */
public record HttpAnswer(int status, String body) {

    private static final int MAX_BODY = 64 * 1024;

    public static HttpAnswer of(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        try (InputStream body = response.getBody()) {
            return new HttpAnswer(status, new String(body.readNBytes(MAX_BODY), StandardCharsets.UTF_8));
        }
    }

    /** What went wrong on the wire, by name only (a timeout, a refused connection), never with a URL or body. */
    public static String causeOf(RestClientException e) {
        return e.getMostSpecificCause().getClass().getSimpleName();
    }
}

package org.medbook.payments.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * stripe-java's transport on a RestClient from Boot's builder (observed, the Stripe timeouts, no
 * redirects) instead of the SDK's own {@code HttpURLConnection}. The SDK still builds each request
 * (authentication, idempotency key, form encoding), judges each answer and retries; this class only
 * carries bytes. Any status is handed back for the SDK to judge; a failure on the wire becomes the
 * {@link ApiConnectionException} the SDK retries.
 */
final class RestClientStripeHttp extends HttpClient {

    private final RestClient http;

    RestClientStripeHttp(RestClient http) {
        this.http = http;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws StripeException {
        RestClient.RequestBodySpec call;
        try {
            call = http.method(HttpMethod.valueOf(request.method().name())).uri(request.url().toURI());
        } catch (URISyntaxException e) {
            throw new ApiConnectionException("Stripe request URL is not a URI: " + e.getMessage(), e);
        }
        call.headers(headers -> {
            headers.set("User-Agent", buildUserAgentString(request));
            headers.set("X-Stripe-Client-User-Agent", buildXStripeClientUserAgentString());
            request.headers().map().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        });
        if (request.content() != null) {
            call.headers(headers -> headers.set("Content-Type", request.content().contentType()))
                    .body(request.content().byteArrayContent());
        }
        try {
            return call.exchange((sent, answer) -> {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                answer.getHeaders().forEach(headers::put);
                try (InputStream body = answer.getBody()) {
                    return new StripeResponse(answer.getStatusCode().value(), HttpHeaders.of(headers),
                            new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
            });
        } catch (RestClientException e) {
            Throwable root = e.getMostSpecificCause();
            throw new ApiConnectionException("Stripe unreachable: " + root.getClass().getSimpleName(), retriable(root, e));
        }
    }

    /**
     * stripe-java retries a failed call only when its cause is a {@link ConnectException} or a
     * {@link SocketTimeoutException}, as its own transport throws; the JDK client says the same with its own types.
     */
    private static Throwable retriable(Throwable root, RestClientException failure) {
        IOException same;
        if (root instanceof HttpConnectTimeoutException || root instanceof ConnectException) {
            same = new ConnectException(root.getMessage());
        } else if (root instanceof HttpTimeoutException || root instanceof SocketTimeoutException) {
            same = new SocketTimeoutException(root.getMessage());
        } else {
            return failure;
        }
        same.initCause(failure);
        return same;
    }
}

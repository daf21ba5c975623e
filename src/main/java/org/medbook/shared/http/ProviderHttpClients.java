package org.medbook.shared.http;

import java.util.function.Supplier;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The HTTP clients of the provider adapters (Stripe, PayPal, Twilio, Google, Maps, FCM, Web Push): each
 * starts from Boot's {@link RestClient.Builder}, so its calls are observed (a client span and the
 * {@code http.client.requests} timer) and use the request factory Boot chose with the application's HTTP
 * client settings ({@code spring.http.clients.*}), with the provider's own timeouts. Redirects are never
 * followed: a provider answers where it was asked, and a push endpoint must not send us elsewhere.
 */
public class ProviderHttpClients {

    private final Supplier<RestClient.Builder> restClients;
    private final Supplier<RestTemplateBuilder> restTemplates;
    private final ClientHttpRequestFactoryBuilder<?> requestFactories;
    private final HttpClientSettings settings;

    ProviderHttpClients(Supplier<RestClient.Builder> restClients, Supplier<RestTemplateBuilder> restTemplates,
            ClientHttpRequestFactoryBuilder<?> requestFactories, HttpClientSettings settings) {
        this.restClients = restClients;
        this.restTemplates = restTemplates;
        this.requestFactories = requestFactories;
        this.settings = settings;
    }

    /** The same clients without a Spring context (and so without observations), for an adapter used on its own. */
    public static ProviderHttpClients standalone() {
        return new ProviderHttpClients(RestClient::builder, RestTemplateBuilder::new, ClientHttpRequestFactoryBuilder.detect(),
                HttpClientSettings.defaults());
    }

    /** A fresh builder (Boot's builder is a prototype) with the provider's timeouts. */
    public RestClient.Builder builder(HttpTimeouts timeouts) {
        return restClients.get().requestFactory(requestFactory(timeouts));
    }

    /**
     * For a library that only takes {@code RestOperations} (Spring Security's JWKS decoder): Boot's
     * {@link RestTemplateBuilder}, observed the same way, on the same kind of request factory.
     */
    public RestTemplate restTemplate(HttpTimeouts timeouts) {
        return restTemplates.get().requestFactory(() -> requestFactory(timeouts)).build();
    }

    private ClientHttpRequestFactory requestFactory(HttpTimeouts timeouts) {
        return requestFactories.build(settings.withTimeouts(timeouts.connect(), timeouts.read())
                .withRedirects(HttpRedirects.DONT_FOLLOW));
    }
}

package org.medbook.shared.http;

import java.net.URI;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.web.client.RestClient;

/** The provider clients on Boot's auto-configured builders and HTTP client settings. */
@Configuration(proxyBeanMethods = false)
class ProviderHttpConfiguration {

    private static final String URL = "http.url";

    @Bean
    ProviderHttpClients providerHttpClients(ObjectProvider<RestClient.Builder> restClients,
            ObjectProvider<RestTemplateBuilder> restTemplates, ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactories,
            ObjectProvider<HttpClientSettings> settings) {
        return new ProviderHttpClients(restClients::getObject, restTemplates::getObject,
                requestFactories.getIfAvailable(ClientHttpRequestFactoryBuilder::detect),
                settings.getIfAvailable(HttpClientSettings::defaults));
    }

    /**
     * A provider call's span names only the provider's origin: its full URL may carry a secret (the Maps
     * API key is a query parameter; a Web Push endpoint's path is the subscription's capability).
     */
    @Bean
    ObservationFilter providerUrlsWithoutSecrets() {
        return context -> {
            if (context instanceof ClientRequestObservationContext) {
                KeyValue url = context.getHighCardinalityKeyValue(URL);
                if (url != null) {
                    context.addHighCardinalityKeyValue(KeyValue.of(URL, origin(url.getValue())));
                }
            }
            return context;
        };
    }

    static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "none";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException notAUrl) {
            return "none";
        }
    }
}

package org.medbook.shared.http;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** The provider clients on Boot's auto-configured builders and HTTP client settings. */
@Configuration(proxyBeanMethods = false)
class ProviderHttpConfiguration {

    @Bean
    ProviderHttpClients providerHttpClients(ObjectProvider<RestClient.Builder> restClients,
            ObjectProvider<RestTemplateBuilder> restTemplates, ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactories,
            ObjectProvider<HttpClientSettings> settings) {
        return new ProviderHttpClients(restClients::getObject, restTemplates::getObject,
                requestFactories.getIfAvailable(ClientHttpRequestFactoryBuilder::detect),
                settings.getIfAvailable(HttpClientSettings::defaults));
    }
}

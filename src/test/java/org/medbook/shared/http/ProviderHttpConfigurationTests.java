package org.medbook.shared.http;

import java.net.URI;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderHttpConfigurationTests {

    @Test
    void aProviderCallsSpanKeepsTheOriginButNeitherThePathNorTheQuery() {
        ClientRequestObservationContext context = new ClientRequestObservationContext(
                new MockClientHttpRequest(HttpMethod.GET, URI.create("https://maps.googleapis.com/maps/api/geocode/json?key=secret")));
        context.addHighCardinalityKeyValue(KeyValue.of("http.url", "https://maps.googleapis.com/maps/api/geocode/json?key=secret"));

        Observation.Context filtered = new ProviderHttpConfiguration().providerUrlsWithoutSecrets().map(context);

        assertThat(filtered.getHighCardinalityKeyValue("http.url").getValue()).isEqualTo("https://maps.googleapis.com");
        assertThat(ProviderHttpConfiguration.origin("http://127.0.0.1:8443/push/capability-token")).isEqualTo("http://127.0.0.1:8443");
        assertThat(ProviderHttpConfiguration.origin("not a url")).isEqualTo("none");
    }
}

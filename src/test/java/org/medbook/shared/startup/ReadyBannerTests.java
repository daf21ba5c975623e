package org.medbook.shared.startup;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ReadyBannerTests {

    @Test
    void namesTheApiItsDocumentationAndTheHealthCheckOnTheActualPort() {
        assertThat(ReadyBanner.line(new MockEnvironment(), 8080)).isEqualTo("Medbook is ready: API http://localhost:8080/api/v1, "
                + "Swagger UI http://localhost:8080/swagger-ui.html, OpenAPI http://localhost:8080/v3/api-docs, "
                + "health http://localhost:8080/actuator/health");
    }

    @Test
    void saysHttpsWhenTheServerTerminatesTls() {
        MockEnvironment tls = new MockEnvironment().withProperty("server.ssl.bundle", "medbook");
        assertThat(ReadyBanner.line(tls, 8443)).startsWith("Medbook is ready: API https://localhost:8443/api/v1,")
                .endsWith("health https://localhost:8443/actuator/health");
    }
}

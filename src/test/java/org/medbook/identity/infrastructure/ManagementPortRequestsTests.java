package org.medbook.identity.infrastructure;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests count as arriving on a separate management port (where the scrape needs no token). */
class ManagementPortRequestsTests {

    @Test
    void withoutAManagementPortNoRequestIsOnIt() {
        ManagementPortRequests matcher = ManagementPortRequests.from(new MockEnvironment().withProperty("server.port", "8080"));

        assertThat(matcher.matches(on(8080))).isFalse();
        assertThat(matcher.matches(on(9090))).isFalse();
    }

    @Test
    void anEmptyManagementPortMeansNone() {
        ManagementPortRequests matcher = ManagementPortRequests.from(new MockEnvironment()
                .withProperty("server.port", "8080").withProperty("management.server.port", ""));

        assertThat(matcher.matches(on(8080))).isFalse();
    }

    @Test
    void aSeparateManagementPortMatchesOnlyItsOwnRequests() {
        ManagementPortRequests matcher = ManagementPortRequests.from(new MockEnvironment()
                .withProperty("server.port", "8080").withProperty("management.server.port", "9090"));

        assertThat(matcher.matches(on(9090))).isTrue();
        assertThat(matcher.matches(on(8080))).isFalse();
    }

    @Test
    void aManagementPortEqualToTheMainPortIsTheMainPort() {
        ManagementPortRequests matcher = ManagementPortRequests.from(new MockEnvironment()
                .withProperty("server.port", "8080").withProperty("management.server.port", "8080"));

        assertThat(matcher.matches(on(8080))).isFalse();
    }

    private static MockHttpServletRequest on(int port) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        request.setLocalPort(port);
        return request;
    }
}

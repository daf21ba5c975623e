package org.medbook.shared.realtime;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medbook.support.Scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The open WebSocket sessions gauge follows sockets being opened and closed. */
class RealtimeGaugeTests extends RealtimeTest {

    @Test
    void theSessionsGaugeCountsAnOpenSocketUntilItCloses() {
        String metrics = adminToken();
        StompTestClient.Connection connection = StompTestClient.connect(port, newPatient().token());
        double open;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sessions(metrics) >= 1);
            open = sessions(metrics);
        } finally {
            connection.close();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> sessions(metrics) <= open - 1);
        assertThat(sessions(metrics)).isNotNegative();
    }

    private double sessions(String token) {
        return Scrape.of(api, token).value("medbook_realtime_sessions", Map.of());
    }
}

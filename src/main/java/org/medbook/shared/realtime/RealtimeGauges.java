package org.medbook.shared.realtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;

/**
 * Open WebSocket sessions on this node (STOMP at /ws), read from Spring's own session counters at
 * scrape time; the sum over the nodes is what the platform holds.
 */
@Component
class RealtimeGauges {

    RealtimeGauges(MeterRegistry registry, WebSocketMessageBrokerStats stats) {
        Gauge.builder("medbook.realtime.sessions", stats, s -> s.getWebSocketSessionStats() == null ? Double.NaN
                        : s.getWebSocketSessionStats().getWebSocketSessions())
                .description("Open WebSocket sessions on this node").register(registry);
    }
}

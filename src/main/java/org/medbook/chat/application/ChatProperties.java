package org.medbook.chat.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param sendPermits        messages one user may send within {@code sendPeriod} (every node counts together)
 * @param sendPeriod         the rate limit's period
 * @param maxAttachmentSize  the largest file a conversation accepts
 * @param digestDelay        how long a missed message waits before its digest goes out (a phone that
 *                           reconnects within it is not notified)
 * @param digestWindow       at most one digest per conversation and recipient within this window
 * @param digestEvery        how often a node looks for digests that are due
 */
@ConfigurationProperties("medbook.chat")
public record ChatProperties(@DefaultValue("120") int sendPermits, @DefaultValue("PT1M") Duration sendPeriod,
                             @DefaultValue("10MB") DataSize maxAttachmentSize,
                             @DefaultValue("PT1M") Duration digestDelay, @DefaultValue("PT15M") Duration digestWindow,
                             @DefaultValue("PT15S") Duration digestEvery) {

    public ChatProperties {
        if (sendPermits < 1) {
            throw new IllegalArgumentException("medbook.chat.send-permits must be at least 1");
        }
        if (sendPeriod.isNegative() || sendPeriod.isZero() || digestEvery.isNegative() || digestEvery.isZero()
                || digestDelay.isNegative() || digestWindow.isNegative()) {
            throw new IllegalArgumentException("medbook.chat durations must be positive");
        }
        if (maxAttachmentSize.toBytes() < 1) {
            throw new IllegalArgumentException("medbook.chat.max-attachment-size must be at least 1 byte");
        }
    }
}

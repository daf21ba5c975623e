package org.medbook.chat.application;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chat settings that cannot work are refused at start-up; the smallest that can are allowed. */
class ChatPropertiesTests {

    private static ChatProperties with(int permits, Duration period, DataSize maxFile, Duration digestEvery) {
        return new ChatProperties(permits, period, maxFile, Duration.ofMinutes(1), Duration.ofMinutes(15), digestEvery);
    }

    @Test
    void theSmallestWorkableSettingsAreAllowed() {
        ChatProperties smallest = with(1, Duration.ofNanos(1), DataSize.ofBytes(1), Duration.ofNanos(1));
        assertThat(smallest.sendPermits()).isEqualTo(1);
        assertThat(smallest.maxAttachmentSize().toBytes()).isEqualTo(1);
        assertThat(new ChatProperties(1, Duration.ofMinutes(1), DataSize.ofBytes(1), Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1)).digestDelay()).as("no delay and no window are allowed").isZero();
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> with(0, Duration.ofMinutes(1), DataSize.ofMegabytes(10), Duration.ofSeconds(15)))
                .hasMessageContaining("send-permits");
        assertThatThrownBy(() -> with(120, Duration.ZERO, DataSize.ofMegabytes(10), Duration.ofSeconds(15)))
                .hasMessageContaining("durations");
        assertThatThrownBy(() -> with(120, Duration.ofMinutes(1), DataSize.ofMegabytes(10), Duration.ZERO))
                .hasMessageContaining("durations");
        assertThatThrownBy(() -> new ChatProperties(120, Duration.ofMinutes(1), DataSize.ofMegabytes(10),
                Duration.ofSeconds(-1), Duration.ofMinutes(15), Duration.ofSeconds(15))).hasMessageContaining("durations");
        assertThatThrownBy(() -> new ChatProperties(120, Duration.ofMinutes(1), DataSize.ofMegabytes(10),
                Duration.ofMinutes(1), Duration.ofSeconds(-1), Duration.ofSeconds(15))).hasMessageContaining("durations");
        assertThatThrownBy(() -> with(120, Duration.ofMinutes(1), DataSize.ofBytes(0), Duration.ofSeconds(15)))
                .hasMessageContaining("max-attachment-size");
    }
}

package org.medbook.notifications.application;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.medbook.notifications.domain.Channel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification's and a delivery's id name the event, recipient and channel (a redelivered event names
 * the same rows) and begin with the time the event was stored, so ids written later sort later.
 */
class NotificationIdsTests {

    private final UUID event = UUID.fromString("6f1c2a8e-1d4b-4c55-9a0e-3b7d2f9e8a10");
    private final UUID patient = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private final UUID doctor = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private final Instant storedAt = Instant.parse("2027-03-01T08:00:00.123Z");

    @Test
    void theSameEventRecipientAndChannelAlwaysNameTheSameRow() {
        assertThat(FanOut.idOf(storedAt, event, patient, Channel.EMAIL))
                .isEqualTo(FanOut.idOf(storedAt, event, patient, Channel.EMAIL))
                .isNotEqualTo(FanOut.idOf(storedAt, event, patient, null))
                .isNotEqualTo(FanOut.idOf(storedAt, event, patient, Channel.SMS))
                .isNotEqualTo(FanOut.idOf(storedAt, event, doctor, Channel.EMAIL));
    }

    @Test
    void anIdBeginsWithTheEventsTimeInMillisecondsAndIsAVersion8Uuid() {
        UUID id = FanOut.idOf(storedAt, event, patient, Channel.EMAIL);

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(storedAt.toEpochMilli());
        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).as("RFC 9562 variant").isEqualTo(2);
    }

    @Test
    void idsOfALaterEventSortAfterThoseOfAnEarlierOneAsPostgreSqlComparesThem() {
        UUID earlier = FanOut.idOf(storedAt, event, doctor, Channel.EMAIL);
        UUID later = FanOut.idOf(storedAt.plusMillis(1), UUID.fromString("00000000-0000-4000-8000-000000000001"), patient,
                null);

        // PostgreSQL orders uuid values by their bytes, unsigned, as their text sorts
        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }
}

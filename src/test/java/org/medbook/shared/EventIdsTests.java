package org.medbook.shared;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTests {

    private final Instant at = Instant.parse("2027-03-01T08:00:00.123Z");

    @Test
    void anEventIdIsAVersion7UuidThatBeginsWithItsMillisecond() {
        UUID id = EventIds.next(at);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void idsOfTheSameMillisecondDifferAndALaterOneSortsAfterThem() {
        Set<UUID> same = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            same.add(EventIds.next(at));
        }
        assertThat(same).hasSize(1000);

        // PostgreSQL orders uuid values by their bytes, as their text sorts
        String later = EventIds.next(at.plusMillis(1)).toString();
        assertThat(same).allSatisfy(id -> assertThat(later).isGreaterThan(id.toString()));
    }
}

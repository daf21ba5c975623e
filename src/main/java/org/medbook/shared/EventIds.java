package org.medbook.shared;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events: version 7 UUIDs (RFC 9562), the event's time in milliseconds followed by 74
 * random bits. Events are stored where they are handled (outboxes, inboxes, the rows they fan out
 * to), keyed by this id; ids that grow with time append to the end of those keys' indexes instead
 * of touching a page anywhere in them.
 */
public final class EventIds {

    private EventIds() {
    }

    public static UUID next(Instant at) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = at.toEpochMilli() << 16 | 0x7000L | random.nextLong() & 0x0fffL;
        long low = random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L;
        return new UUID(high, low);
    }
}

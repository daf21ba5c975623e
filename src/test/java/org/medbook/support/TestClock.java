package org.medbook.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in tests: the system clock plus an offset a test can move forward, or,
 * once a test pinned it with {@link #setTo}, a fixed instant that only {@link #advance} moves. The
 * background workers read the same clock, so they keep working at the pinned time. Reset after
 * each test.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant pinned;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    /** Stops the clock at the instant: it reads exactly that until advanced or reset. */
    public void setTo(Instant instant) {
        offset = Duration.ZERO;
        pinned = instant;
    }

    public void reset() {
        pinned = null;
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant fixed = pinned;
        return (fixed == null ? Instant.now() : fixed).plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

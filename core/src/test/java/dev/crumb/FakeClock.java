package dev.crumb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so no test sleeps. */
final class FakeClock extends Clock {

    private volatile Instant now;

    FakeClock(Instant start) {
        this.now = start;
    }

    static FakeClock at(long epochSecond) {
        return new FakeClock(Instant.ofEpochSecond(epochSecond));
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

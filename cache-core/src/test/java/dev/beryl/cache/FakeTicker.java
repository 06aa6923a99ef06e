package dev.beryl.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** A ticker that only moves when a test advances it. */
public final class FakeTicker implements Ticker {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
        return this.nanos.get();
    }

    /**
     * A wall clock that moves with this ticker, for what keeps time on the clock (the freshness of entries with
     * stale windows): it starts at 2026-01-01T00:00:00Z.
     */
    public Clock clock() {
        return new Clock() {

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
                return START.plusNanos(FakeTicker.this.nanos.get());
            }
        };
    }

    public FakeTicker advance(Duration duration) {
        this.nanos.addAndGet(duration.toNanos());
        return this;
    }
}

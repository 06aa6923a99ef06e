package dev.beryl.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** A ticker that only moves when a test advances it. */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
        return this.nanos.get();
    }

    public FakeTicker advance(Duration duration) {
        this.nanos.addAndGet(duration.toNanos());
        return this;
    }
}

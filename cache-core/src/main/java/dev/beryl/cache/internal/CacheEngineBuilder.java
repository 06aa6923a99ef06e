package dev.beryl.cache.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheEventListener;

/** Options of a {@link CacheEngine}: {@code CacheEngine.builder().failOpen(false).timeout(...).build()}. */
public final class CacheEngineBuilder {

    boolean failOpen = true;

    Duration failureLogInterval = CacheEngine.DEFAULT_FAILURE_LOG_INTERVAL;

    List<? extends CacheEventListener> listeners = List.of();

    Duration maxWait = CacheEngine.DEFAULT_MAX_WAIT;

    LoadObserver loadObserver = LoadObserver.NONE;

    Duration timeout = CacheEngine.DEFAULT_TIMEOUT;

    Duration retryInterval = CacheEngine.DEFAULT_RETRY_INTERVAL;

    double ttlJitter;

    Clock clock = Clock.systemUTC();

    Duration lease = CacheEngine.DEFAULT_LEASE;

    CacheEngineBuilder() {
    }

    /**
     * Whether a failing backend makes calls go on without the cache (the default); when {@code false}, a
     * backend's exception reaches the caller instead.
     */
    public CacheEngineBuilder failOpen(boolean failOpen) {
        this.failOpen = failOpen;
        return this;
    }

    /** How often one source's failures may be logged. */
    public CacheEngineBuilder failureLogInterval(Duration interval) {
        this.failureLogInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** Told of every event, in this order. */
    public CacheEngineBuilder listeners(List<? extends CacheEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
        return this;
    }

    /** Wraps each load, for tracing. */
    public CacheEngineBuilder loadObserver(LoadObserver loadObserver) {
        this.loadObserver = Objects.requireNonNull(loadObserver, "loadObserver");
        return this;
    }

    /** How long a caller waits at most for another caller's load of the same key, then runs it itself. */
    public CacheEngineBuilder maxWait(Duration maxWait) {
        this.maxWait = positive(maxWait, "maxWait");
        return this;
    }

    /** How long a call waits at most for a backend that does not bound its own operations. */
    public CacheEngineBuilder timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /**
     * The largest fraction of the ttl, from 0 to 0.5, taken off each stored entry's ttl at random, so that entries
     * written together do not expire together; 0 (the default) for none.
     */
    public CacheEngineBuilder ttlJitter(double ttlJitter) {
        if (!(ttlJitter >= 0 && ttlJitter <= 0.5)) {
            throw new IllegalArgumentException("ttlJitter must be from 0 to 0.5, was " + ttlJitter);
        }
        this.ttlJitter = ttlJitter;
        return this;
    }

    /**
     * The wall clock that the freshness of entries with stale windows is kept on; the system's by default. Entries
     * in a shared backend are judged by each instance's clock, so instances need synchronised clocks (NTP).
     */
    public CacheEngineBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * How long a lease of {@code GLOBAL} single flight holds when its holder neither stores nor gives it up (its
     * instance died, say); the other instances then load the key themselves.
     */
    public CacheEngineBuilder lease(Duration lease) {
        this.lease = positive(lease, "lease");
        return this;
    }

    /** How often invalidations that a backend failed are tried again; for tests. */
    CacheEngineBuilder retryInterval(Duration retryInterval) {
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        return this;
    }

    public CacheEngine build() {
        return new CacheEngine(this);
    }

    private static Duration positive(@Nullable Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}

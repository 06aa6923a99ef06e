package dev.beryl.cache.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.beryl.cache.internal.ControlCharacters;

/**
 * Counts failures and logs them at most once per interval and source, so that a backend that is down produces one
 * warning every few seconds rather than one per request. Thread-safe; for backend authors as well as the engine.
 *
 * <pre>{@code
 * RateLimitedLog log = new RateLimitedLog(Duration.ofSeconds(10));
 * log.record("backend 'redis'", "get beryl:products:42", ex);
 * }</pre>
 */
public final class RateLimitedLog {

    private static final System.Logger logger = System.getLogger("dev.beryl.cache");

    private final long intervalNanos;

    private final LongSupplier nanoTime;

    private final AtomicLong failures = new AtomicLong();

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    public RateLimitedLog(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Counts a failure and logs it as a warning, unless the same source was logged within the interval. Control
     * characters in the line (a CR or LF in a key, say) are escaped, so that no failure can forge log lines.
     * @param source what failed, e.g. {@code "backend 'redis'"}
     * @param what what it failed to do, e.g. {@code "get beryl:products:42"}
     * @return whether this failure was logged
     */
    public boolean record(String source, String what, Throwable failure) {
        return record(source, what, "the call went on without the cache", failure);
    }

    /**
     * {@link #record(String, String, Throwable)} with another consequence than "the call went on without the cache".
     * @param consequence what Beryl did instead, e.g. {@code "the stale value was served"}
     */
    public boolean record(String source, String what, String consequence, Throwable failure) {
        this.failures.incrementAndGet();
        Window window = this.windows.computeIfAbsent(source, (name) -> new Window());
        long now = this.nanoTime.getAsLong();
        long suppressed = window.tryOpen(now, this.intervalNanos);
        if (suppressed < 0) {
            return false;
        }
        String more = (suppressed > 0) ? " (" + suppressed + " similar failures since the last report)" : "";
        logger.log(Level.WARNING, "Beryl cache: " + ControlCharacters.escape(source) + " failed to "
                + ControlCharacters.escape(what) + "; " + consequence + more + ": "
                + ControlCharacters.escape(failure.toString()), failure);
        return true;
    }

    /** How many failures were recorded, logged or not. */
    public long failures() {
        return this.failures.get();
    }

    private static final class Window {

        private long lastLogged;

        private boolean logged;

        private long suppressed;

        /** The number of failures suppressed since the last report, or -1 if this one is suppressed too. */
        synchronized long tryOpen(long now, long intervalNanos) {
            if (this.logged && now - this.lastLogged < intervalNanos) {
                this.suppressed++;
                return -1;
            }
            long count = this.suppressed;
            this.logged = true;
            this.lastLogged = now;
            this.suppressed = 0;
            return count;
        }
    }
}

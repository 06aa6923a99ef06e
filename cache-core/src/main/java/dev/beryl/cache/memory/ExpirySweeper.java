package dev.beryl.cache.memory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongBinaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Removes the expired entries of an {@link InMemoryCacheBackend} that nobody reads again, which a read would
 * otherwise remove only when it came to them: until then they hold their place within the bound, and Caffeine,
 * which does not know that they expired, may evict live entries or refuse new ones for them.
 * <p>
 * A sweep is due once an entry may have expired (it keeps the earliest expiry time among the entries it kept and
 * those written since), and at most every 100 ms, or every microsecond per entry held when that is longer, so that
 * sweeping never takes more than a small share of a core. A write starts a sweep that is due on the executor; the
 * backend's counts run one on the calling thread. Two sweeps never overlap.
 */
final class ExpirySweeper {

    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The earlier of two ticker times, compared by difference, so that ticker values may wrap. */
    private static final LongBinaryOperator EARLIER = (a, b) -> (b - a < 0) ? b : a;

    private final Cache<Object, Entry> cache;

    private final Ticker ticker;

    private final Executor executor;

    /** No entry held expires before this time, unless it was written since the last sweep began and noted here. */
    private final AtomicLong earliestExpiry;

    private final AtomicBoolean running = new AtomicBoolean();

    /** The time before which no sweep starts, on the ticker. */
    private volatile long notBefore;

    ExpirySweeper(Cache<Object, Entry> cache, Ticker ticker, Executor executor) {
        this.cache = cache;
        this.ticker = ticker;
        this.executor = executor;
        long now = ticker.read();
        this.earliestExpiry = new AtomicLong(now + InMemoryCacheBackend.MAX_TTL_NANOS);
        this.notBefore = now;
    }

    /** Notes an entry, written at {@code now}, that expires at {@code expiresAt}; starts a sweep if one is due. */
    void written(long expiresAt, long now) {
        if (expiresAt - this.earliestExpiry.get() < 0) {
            this.earliestExpiry.accumulateAndGet(expiresAt, EARLIER);
        }
        if (claim(now)) {
            try {
                this.executor.execute(this::sweep);
            }
            catch (RejectedExecutionException shuttingDown) {
                this.running.set(false);
            }
        }
    }

    /** Sweeps on the calling thread, if a sweep is due. */
    void sweepIfDue() {
        if (claim(this.ticker.read())) {
            sweep();
        }
    }

    private boolean claim(long now) {
        if (now - this.earliestExpiry.get() < 0 || now - this.notBefore < 0
                || !this.running.compareAndSet(false, true)) {
            return false;
        }
        long interval = Math.max(MIN_INTERVAL_NANOS, TimeUnit.MICROSECONDS.toNanos(this.cache.estimatedSize()));
        this.notBefore = now + interval;
        return true;
    }

    /**
     * Removes the entries expired by now (an entry replaced meanwhile by a live one stays), and notes the earliest
     * expiry among those kept. The time noted is reset first: an entry written during the sweep is either seen by it
     * or notes its own time after the reset.
     */
    private void sweep() {
        try {
            long now = this.ticker.read();
            long never = now + InMemoryCacheBackend.MAX_TTL_NANOS;
            this.earliestExpiry.set(never);
            long[] earliestKept = { never };
            this.cache.asMap().values().removeIf((entry) -> {
                if (!entry.isAlive(now)) {
                    return true;
                }
                earliestKept[0] = EARLIER.applyAsLong(earliestKept[0], entry.expiresAt);
                return false;
            });
            this.earliestExpiry.accumulateAndGet(earliestKept[0], EARLIER);
        }
        finally {
            this.running.set(false);
        }
    }
}

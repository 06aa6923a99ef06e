package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a server that keeps failing. After {@code failureThreshold} failures in a row it opens: calls are
 * refused at once for {@code coolDown}. Then one call is let through as a probe; its success closes the breaker,
 * its failure opens it for another cool-down.
 * <p>
 * Each permit carries the breaker's generation, which changes whenever the breaker opens or starts a probe, so the
 * late outcome of a call from before (a timeout that arrives after the breaker opened, say) changes nothing.
 */
final class CircuitBreaker {

    /** What {@link #tryAcquire} returns when the call may not go ahead. */
    static final long REFUSED = -1;

    enum State { CLOSED, OPEN, PROBING }

    private final int failureThreshold;

    private final long coolDownNanos;

    private final LongSupplier nanoTime;

    private State state = State.CLOSED;

    private long generation;

    private int consecutiveFailures;

    private long openedAt;

    private long openings;

    CircuitBreaker(int failureThreshold, Duration coolDown, LongSupplier nanoTime) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Asks whether a call may go to the server now.
     * @return a permit to hand back with the call's outcome, or {@link #REFUSED}
     */
    synchronized long tryAcquire() {
        switch (this.state) {
            case CLOSED:
                return this.generation;
            case OPEN:
                if (this.nanoTime.getAsLong() - this.openedAt >= this.coolDownNanos) {
                    this.state = State.PROBING;
                    return ++this.generation;
                }
                return REFUSED;
            default:
                return REFUSED;
        }
    }

    synchronized void onSuccess(long permit) {
        if (permit != this.generation) {
            return;
        }
        if (this.state == State.PROBING) {
            this.generation++;
        }
        this.state = State.CLOSED;
        this.consecutiveFailures = 0;
    }

    synchronized void onFailure(long permit) {
        if (permit != this.generation || this.state == State.OPEN) {
            return;
        }
        this.consecutiveFailures++;
        if (this.state == State.PROBING || this.consecutiveFailures >= this.failureThreshold) {
            this.state = State.OPEN;
            this.generation++;
            this.openedAt = this.nanoTime.getAsLong();
            this.openings++;
        }
    }

    synchronized State state() {
        return this.state;
    }

    synchronized long openings() {
        return this.openings;
    }
}

package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a server that keeps failing. After {@code failureThreshold} failures in a row it opens: calls are
 * refused at once for {@code coolDown}. Then one call is let through as a probe; its success closes the breaker,
 * its failure opens it for another cool-down.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, PROBING }

    private final int failureThreshold;

    private final long coolDownNanos;

    private final LongSupplier nanoTime;

    private State state = State.CLOSED;

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

    /** Whether a call may go to the server now. */
    synchronized boolean tryAcquire() {
        switch (this.state) {
            case CLOSED:
                return true;
            case OPEN:
                if (this.nanoTime.getAsLong() - this.openedAt >= this.coolDownNanos) {
                    this.state = State.PROBING;
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    synchronized void onSuccess() {
        this.state = State.CLOSED;
        this.consecutiveFailures = 0;
    }

    synchronized void onFailure() {
        this.consecutiveFailures++;
        if (this.state == State.PROBING
                || (this.state == State.CLOSED && this.consecutiveFailures >= this.failureThreshold)) {
            this.state = State.OPEN;
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

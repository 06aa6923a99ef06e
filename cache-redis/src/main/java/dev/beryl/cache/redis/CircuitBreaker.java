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
 * <p>
 * Every call asks the breaker twice, so the closed breaker answers without a lock: a permit while closed, and a
 * success while closed with no failure counted, read two volatile fields. Every change of state takes the lock.
 */
final class CircuitBreaker {

    /** What {@link #tryAcquire} returns when the call may not go ahead. */
    static final long REFUSED = -1;

    enum State { CLOSED, OPEN, PROBING }

    private final int failureThreshold;

    private final long coolDownNanos;

    private final LongSupplier nanoTime;

    /** Guarded by this. */
    private State state = State.CLOSED;

    /** Guarded by this. */
    private long generation;

    /** The generation while the breaker is closed, {@link #REFUSED} otherwise; written under the lock. */
    private volatile long closedGeneration;

    /** Written under the lock. */
    private volatile int consecutiveFailures;

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
    long tryAcquire() {
        long closed = this.closedGeneration;
        return (closed != REFUSED) ? closed : acquireWhileNotClosed();
    }

    private synchronized long acquireWhileNotClosed() {
        switch (this.state) {
            case CLOSED:
                return this.generation;
            case OPEN:
                if (this.nanoTime.getAsLong() - this.openedAt >= this.coolDownNanos) {
                    moveTo(State.PROBING, this.generation + 1);
                    return this.generation;
                }
                return REFUSED;
            default:
                return REFUSED;
        }
    }

    void onSuccess(long permit) {
        if (permit == this.closedGeneration && this.consecutiveFailures == 0) {
            // Closed, in the permit's generation, with nothing to forget: the usual answer changes nothing.
            return;
        }
        succeeded(permit);
    }

    private synchronized void succeeded(long permit) {
        if (permit != this.generation) {
            return;
        }
        moveTo(State.CLOSED, (this.state == State.PROBING) ? this.generation + 1 : this.generation);
        this.consecutiveFailures = 0;
    }

    synchronized void onFailure(long permit) {
        if (permit != this.generation || this.state == State.OPEN) {
            return;
        }
        this.consecutiveFailures = this.consecutiveFailures + 1;
        if (this.state == State.PROBING || this.consecutiveFailures >= this.failureThreshold) {
            moveTo(State.OPEN, this.generation + 1);
            this.openedAt = this.nanoTime.getAsLong();
            this.openings++;
        }
    }

    /** Under the lock: the new state and generation, and what the lock-free reads see of them. */
    private void moveTo(State next, long nextGeneration) {
        this.state = next;
        this.generation = nextGeneration;
        this.closedGeneration = (next == State.CLOSED) ? nextGeneration : REFUSED;
    }

    synchronized State state() {
        return this.state;
    }

    synchronized long openings() {
        return this.openings;
    }
}

package dev.beryl.cache;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link LeasingCacheBackend#getOrLease}: a hit, the lease taken by this call, or the lease of
 * another load.
 */
public final class LeaseLookup {

    /** What the lookup found. */
    public enum State {

        /** A value: {@link #value()} holds it. */
        HIT,

        /** Nothing was stored, and the lease is now this call's: it loads the value and stores it. */
        ACQUIRED,

        /** Another load holds the lease: its value comes once it stores, or the lease expires. */
        HELD
    }

    private static final LeaseLookup ACQUIRED = new LeaseLookup(State.ACQUIRED, null);

    private static final LeaseLookup HELD = new LeaseLookup(State.HELD, null);

    private final State state;

    private final @Nullable Object value;

    private LeaseLookup(State state, @Nullable Object value) {
        this.state = state;
        this.value = value;
    }

    /** A value, possibly a cached {@code null}. */
    public static LeaseLookup hit(@Nullable Object value) {
        return new LeaseLookup(State.HIT, value);
    }

    /** The lease is this call's. */
    public static LeaseLookup acquired() {
        return ACQUIRED;
    }

    /** Another load holds the lease. */
    public static LeaseLookup held() {
        return HELD;
    }

    public State state() {
        return this.state;
    }

    /**
     * The value of a {@link State#HIT hit}.
     * @throws IllegalStateException for a lease, which has no value
     */
    public @Nullable Object value() {
        if (this.state != State.HIT) {
            throw new IllegalStateException("A lease has no value");
        }
        return this.value;
    }

    @Override
    public String toString() {
        return (this.state == State.HIT) ? "LeaseLookup.hit(" + this.value + ")" : "LeaseLookup." + this.state;
    }
}

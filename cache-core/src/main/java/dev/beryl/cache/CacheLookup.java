package dev.beryl.cache;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a {@link CacheBackend} to a lookup: either a miss, or a hit that carries the cached value.
 * A hit may carry {@code null}, so a cached {@code null} and a miss are never confused.
 *
 * <pre>{@code
 * CacheLookup lookup = backend.getSync(key, String.class);
 * if (lookup.isHit()) {
 *     return (String) lookup.value();   // may be null when null was cached
 * }
 * }</pre>
 */
public final class CacheLookup {

    /** The one miss: a lookup is a hit exactly when it is not this instance. */
    private static final CacheLookup MISS = new CacheLookup(null);

    private static final CacheLookup NULL_HIT = new CacheLookup(null);

    /**
     * The value of a hit. The only field, so that a lookup that a store keeps for each entry, to hand it out on
     * every hit, takes 16 bytes with compressed pointers.
     */
    private final @Nullable Object value;

    private CacheLookup(@Nullable Object value) {
        this.value = value;
    }

    /** The lookup found nothing under the key. */
    public static CacheLookup miss() {
        return MISS;
    }

    /** The lookup found {@code value}, which may be a cached {@code null}. */
    public static CacheLookup hit(@Nullable Object value) {
        return (value != null) ? new CacheLookup(value) : NULL_HIT;
    }

    public boolean isHit() {
        return this != MISS;
    }

    /**
     * The cached value of a hit, possibly {@code null}.
     * @throws IllegalStateException on a miss, which has no value
     */
    public @Nullable Object value() {
        if (this == MISS) {
            throw new IllegalStateException("A cache miss has no value");
        }
        return this.value;
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof CacheLookup that
                && isHit() == that.isHit() && Objects.equals(this.value, that.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(isHit(), this.value);
    }

    @Override
    public String toString() {
        return isHit() ? "CacheLookup.hit(" + this.value + ")" : "CacheLookup.miss()";
    }
}

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

    private static final CacheLookup MISS = new CacheLookup(false, null);

    private static final CacheLookup NULL_HIT = new CacheLookup(true, null);

    private final boolean hit;

    private final @Nullable Object value;

    private CacheLookup(boolean hit, @Nullable Object value) {
        this.hit = hit;
        this.value = value;
    }

    /** The lookup found nothing under the key. */
    public static CacheLookup miss() {
        return MISS;
    }

    /** The lookup found {@code value}, which may be a cached {@code null}. */
    public static CacheLookup hit(@Nullable Object value) {
        return (value != null) ? new CacheLookup(true, value) : NULL_HIT;
    }

    public boolean isHit() {
        return this.hit;
    }

    /**
     * The cached value of a hit, possibly {@code null}.
     * @throws IllegalStateException on a miss, which has no value
     */
    public @Nullable Object value() {
        if (!this.hit) {
            throw new IllegalStateException("A cache miss has no value");
        }
        return this.value;
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof CacheLookup that
                && this.hit == that.hit && Objects.equals(this.value, that.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.hit, this.value);
    }

    @Override
    public String toString() {
        return this.hit ? "CacheLookup.hit(" + this.value + ")" : "CacheLookup.miss()";
    }
}

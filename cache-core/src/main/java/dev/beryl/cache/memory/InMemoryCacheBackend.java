package dev.beryl.cache.memory;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;

/**
 * A bounded in-memory backend on Caffeine: every entry expires after its own time-to-live, and when more than
 * {@code maxEntries} are held, Caffeine's W-TinyLFU policy evicts the ones least likely to be used again.
 * <p>
 * Values are stored by reference, not copied: what a cached method returns is handed to every later caller, who
 * must not mutate it. The store is per JVM; instances behind a load balancer each have their own.
 *
 * <pre>{@code
 * CacheBackend memory = InMemoryCacheBackend.builder().maxEntries(50_000).build();
 * }</pre>
 */
public final class InMemoryCacheBackend implements CacheBackend {

    /** Default upper bound of the number of entries. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Cache<String, Entry> cache;

    private InMemoryCacheBackend(Builder builder) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maxEntries)
                .expireAfter(new PerEntryTtl())
                .ticker(builder.ticker)
                .executor(Runnable::run)
                .build();
    }

    /** A backend with the default bound and the system ticker. */
    public static InMemoryCacheBackend create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<CacheLookup> get(String key, Type valueType) {
        return CompletableFuture.completedFuture(getSync(key, valueType));
    }

    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl) {
        setSync(key, value, ttl);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        deleteSync(key);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> clear(String namespace) {
        String keyStart = namespace + ":";
        this.cache.asMap().keySet().removeIf((key) -> key.startsWith(keyStart));
        return DONE;
    }

    @Override
    public CacheLookup getSync(String key, Type valueType) {
        Entry entry = this.cache.getIfPresent(key);
        return (entry != null) ? entry.lookup : CacheLookup.miss();
    }

    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        this.cache.put(key, new Entry(CacheLookup.hit(value), saturatedNanos(ttl)));
    }

    @Override
    public void deleteSync(String key) {
        this.cache.invalidate(key);
    }

    /** The number of entries held, which may include expired ones not yet cleaned up. */
    public long estimatedSize() {
        this.cache.cleanUp();
        return this.cache.estimatedSize();
    }

    @Override
    public String toString() {
        return "InMemoryCacheBackend[maxEntries=" + this.cache.policy().eviction().orElseThrow().getMaximum() + "]";
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        }
        catch (ArithmeticException ex) {
            return Long.MAX_VALUE;
        }
    }

    /** A stored value with its own time-to-live; the lookup is built once so that a hit allocates nothing. */
    private record Entry(CacheLookup lookup, long ttlNanos) {
    }

    private static final class PerEntryTtl implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return entry.ttlNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos;
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Options of an {@link InMemoryCacheBackend}. */
    public static final class Builder {

        private long maxEntries = DEFAULT_MAX_ENTRIES;

        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /** The upper bound of the number of entries; must be positive. */
        public Builder maxEntries(long maxEntries) {
            if (maxEntries <= 0) {
                throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** The source of time for expiry; tests pass a ticker that they advance by hand. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        public InMemoryCacheBackend build() {
            return new InMemoryCacheBackend(this);
        }
    }
}

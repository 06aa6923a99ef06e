package dev.beryl.cache.memory;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.TaggingCacheBackend;

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
public final class InMemoryCacheBackend implements TaggingCacheBackend {

    /** Default upper bound of the number of entries. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Cache<String, Entry> cache;

    /** Tag id → the entries stored with it; an entry leaves when Caffeine removes it, for whatever cause. */
    private final ConcurrentMap<String, Set<Entry>> tagged = new ConcurrentHashMap<>();

    private InMemoryCacheBackend(Builder builder) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maxEntries)
                .expireAfter(new PerEntryTtl())
                .ticker(builder.ticker)
                .executor(Runnable::run)
                .removalListener((String key, Entry entry, RemovalCause cause) -> untag(entry))
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
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        setSync(key, value, ttl, tags);
        return DONE;
    }

    /**
     * Removes every entry stored with the tag. An entry being stored at the same moment may stay; it still expires
     * with its ttl.
     */
    @Override
    public CompletableFuture<Void> invalidateTag(String tag) {
        Set<Entry> entries = this.tagged.get(tag);
        if (entries != null) {
            for (Entry entry : List.copyOf(entries)) {
                this.cache.asMap().remove(entry.key, entry);
            }
        }
        return DONE;
    }

    /** Zero: the in-memory backend answers at once, without waiting for anything. */
    @Override
    public Duration ownTimeout() {
        return Duration.ZERO;
    }

    @Override
    public CacheLookup getSync(String key, Type valueType) {
        Entry entry = this.cache.getIfPresent(key);
        return (entry != null) ? entry.lookup : CacheLookup.miss();
    }

    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl) {
        setSync(key, value, ttl, Set.of());
    }

    /**
     * Stores a value with tags. The entry keeps the tags of the entry it replaces, if that one is still alive, so
     * that a put-through without tags (or with others) is still removed by the tags the value was first cached
     * with.
     */
    @Override
    public void setSync(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        CacheLookup lookup = CacheLookup.hit(value);
        long ttlNanos = saturatedNanos(ttl);
        this.cache.asMap().compute(key, (id, replaced) -> {
            Entry entry = new Entry(id, lookup, ttlNanos, tagsOf(tags, replaced));
            // Tagged before it is visible, so that its removal, whenever it comes, finds it to untag.
            for (String tag : entry.tags) {
                // Added inside compute, so that a concurrent untag cannot unmap the set between lookup and add.
                this.tagged.compute(tag, (name, entries) -> {
                    Set<Entry> set = (entries != null) ? entries : ConcurrentHashMap.newKeySet();
                    set.add(entry);
                    return set;
                });
            }
            return entry;
        });
    }

    private static String[] tagsOf(Set<String> tags, @Nullable Entry replaced) {
        if (replaced == null || replaced.tags.length == 0) {
            return tags.toArray(String[]::new);
        }
        Set<String> union = new LinkedHashSet<>(tags);
        union.addAll(Arrays.asList(replaced.tags));
        return union.toArray(String[]::new);
    }

    @Override
    public void deleteSync(String key) {
        this.cache.invalidate(key);
    }

    /** The number of entries held, after removing the expired ones. */
    public long estimatedSize() {
        this.cache.cleanUp();
        return this.cache.estimatedSize();
    }

    /** The number of tags that live entries carry, after removing the expired entries. */
    public int tagCount() {
        this.cache.cleanUp();
        return this.tagged.size();
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

    private void untag(@Nullable Entry entry) {
        if (entry == null) {
            return;
        }
        for (String tag : entry.tags) {
            this.tagged.computeIfPresent(tag, (id, entries) -> (entries.remove(entry) && entries.isEmpty()) ? null
                    : entries);
        }
    }

    /**
     * A stored value with its own time-to-live and tags; the lookup is built once so that a hit allocates nothing.
     * Compared by identity, so that a replaced entry and its successor are never confused.
     */
    private static final class Entry {

        final String key;

        final CacheLookup lookup;

        final long ttlNanos;

        final String[] tags;

        Entry(String key, CacheLookup lookup, long ttlNanos, String[] tags) {
            this.key = key;
            this.lookup = lookup;
            this.ttlNanos = ttlNanos;
            this.tags = tags;
        }
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

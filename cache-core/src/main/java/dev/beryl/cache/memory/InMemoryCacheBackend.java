package dev.beryl.cache.memory;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.memory.Entry.Tagged;
import dev.beryl.cache.TaggingCacheBackend;

/**
 * A bounded in-memory backend on Caffeine: every entry expires after its own time-to-live, and when more than
 * {@code maxEntries} are held, Caffeine's W-TinyLFU policy evicts the ones least likely to be used again.
 * <p>
 * Values are stored by reference, not copied: what a cached method returns is handed to every later caller, who
 * must not mutate it. The store is per JVM; instances behind a load balancer each have their own.
 * <p>
 * Beside Caffeine's node, an entry without tags holds its key, its value, one {@link CacheLookup} and the time it
 * expires at: a hit hands that lookup out and allocates nothing. A key whose part is one integral number
 * ({@code beryl:products:42}) is held as its namespace, shared by the entries, and the number, not as a string.
 * <p>
 * Each entry keeps its own expiry time beside its value, and Caffeine has no expiry of its own: a read checks the
 * time and removes the entry it finds expired, and once entries may have expired, a write starts a sweep of them on
 * the common pool, at most every 100 ms (less often for a store of over 100,000 entries). So a read costs what
 * Caffeine's read without expiry costs, whatever the ttl of each entry, and Caffeine's eviction policy sees every
 * read; an expired entry that nobody reads holds its place within the bound until the next sweep.
 * <p>
 * With the system ticker, a read of an entry that has more than 100 ms left does not read the clock either: it
 * compares the entry's expiry with a reading that a background thread ({@code beryl-recent-time}, one per JVM,
 * running while reads come) refreshes every 10 ms. An entry can outlive its ttl only when that thread is held up
 * for longer than 90 ms (a long GC pause, a starved machine), and then by at most the delay.
 *
 * <pre>{@code
 * CacheBackend memory = InMemoryCacheBackend.builder().maxEntries(50_000).build();
 * }</pre>
 */
public final class InMemoryCacheBackend implements TaggingCacheBackend {

    /** Default upper bound of the number of entries. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** The longest ttl kept, about 146 years: longer ones are cut to it, so that expiry times never overflow. */
    static final long MAX_TTL_NANOS = Long.MAX_VALUE >> 1;

    /** What a key, in its {@link NumberKey#canonical(String) canonical form}, holds: an {@link Entry}. */
    private final Cache<Object, Entry> cache;

    /** The source of the entries' expiry times, in nanoseconds. */
    private final Ticker ticker;

    /** Tells a hit far from its entry's expiry without reading {@link #ticker}: for the system ticker only. */
    private final RecentTime recent;

    /** Removes the expired entries that nobody reads. */
    private final ExpirySweeper sweeper;

    /** The namespaces of the keys held as {@link NumberKey}s, one instance of each. */
    private final NumberKey.Namespaces namespaces = new NumberKey.Namespaces();

    /** Tag id → the entries stored with it; an entry leaves when Caffeine removes it, for whatever cause. */
    private final ConcurrentMap<String, Set<Tagged>> tagged = new ConcurrentHashMap<>();

    /** Namespace → entries evicted because the backend was full. */
    private final ConcurrentMap<String, LongAdder> evictions = new ConcurrentHashMap<>();

    private InMemoryCacheBackend(Builder builder) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maxEntries)
                .executor(Runnable::run)
                .<Object, Entry>removalListener(this::removed)
                .build();
        this.ticker = builder.ticker;
        this.recent = (builder.recent != null) ? builder.recent
                : (builder.ticker == Ticker.systemTicker()) ? RecentTime.SYSTEM : RecentTime.NEVER;
        this.sweeper = new ExpirySweeper(this.cache, this.ticker, builder.sweeps);
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
        this.cache.asMap().keySet().removeIf((key) -> (key instanceof NumberKey number)
                ? number.textStartsWith(keyStart) : ((String) key).startsWith(keyStart));
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
        Set<Tagged> entries = this.tagged.get(tag);
        if (entries != null) {
            for (Tagged entry : List.copyOf(entries)) {
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
        return lookup(NumberKey.canonical(key));
    }

    /**
     * Looks up a key held as a number, the way Beryl's engine looks up a method's key of one {@code long} argument:
     * the same entry as {@link #getSync(String, Type) getSync(key.toString(), type)}, without making the text.
     */
    public CacheLookup getSync(NumberKey key) {
        CacheLookup found = lookup(key);
        if (!found.isHit()) {
            // A miss comes before a store: the caller's namespace instance becomes the one its entries share.
            this.namespaces.shared(key.namespace());
        }
        return found;
    }

    private CacheLookup lookup(Object key) {
        Entry entry = this.cache.getIfPresent(key);
        if (entry == null) {
            return CacheLookup.miss();
        }
        if (this.recent.surelyBefore(entry.expiresAt) || entry.isAlive(this.ticker.read())) {
            return entry.lookup;
        }
        this.cache.asMap().remove(key, entry);
        return CacheLookup.miss();
    }

    /** The canonical form of a key that is stored, with the shared instance of its namespace. */
    private Object storedKey(String key) {
        return NumberKey.canonical(key, this.namespaces);
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
        long now = this.ticker.read();
        long expiresAt = now + Math.min(saturatedNanos(ttl), MAX_TTL_NANOS);
        this.cache.asMap().compute(storedKey(key), (id, replaced) -> stored(id, lookup, expiresAt, tags,
                (replaced != null && replaced.isAlive(now)) ? replaced : null));
        this.sweeper.written(expiresAt, now);
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        }
        catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** What a put stores: the lookup alone, unless the entry has tags of its own or from the live one it replaces. */
    private Entry stored(Object key, CacheLookup lookup, long expiresAt, Set<String> tags, @Nullable Entry replaced) {
        if (!(replaced instanceof Tagged kept)) {
            return tags.isEmpty() ? new Entry(lookup, expiresAt)
                    : tag(new Tagged(key, lookup, expiresAt, tags.toArray(String[]::new)));
        }
        Set<String> union = new LinkedHashSet<>(tags);
        union.addAll(Arrays.asList(kept.tags));
        return tag(new Tagged(key, lookup, expiresAt, union.toArray(String[]::new)));
    }

    /**
     * Files an entry under its tags. Called inside Caffeine's compute, before the entry is visible, so that its
     * removal, whenever it comes, finds it to untag.
     */
    private Tagged tag(Tagged entry) {
        for (String tag : entry.tags) {
            // Added inside compute, so that a concurrent untag cannot unmap the set between lookup and add.
            this.tagged.compute(tag, (name, entries) -> {
                Set<Tagged> set = (entries != null) ? entries : ConcurrentHashMap.newKeySet();
                set.add(entry);
                return set;
            });
        }
        return entry;
    }

    @Override
    public void deleteSync(String key) {
        this.cache.invalidate(NumberKey.canonical(key));
    }

    /**
     * The number of entries held, approximately: expired entries count until a sweep or a read removes them. Sweeps
     * here first, if a sweep is due.
     */
    public long estimatedSize() {
        this.sweeper.sweepIfDue();
        this.cache.cleanUp();
        return this.cache.estimatedSize();
    }

    /** The number of tags that entries carry, expired ones included until removed; sweeps first if due. */
    public int tagCount() {
        this.sweeper.sweepIfDue();
        this.cache.cleanUp();
        return this.tagged.size();
    }

    /** The number of entries held, the expired ones not yet removed included: for tests of the sweep. */
    long heldEntries() {
        this.cache.cleanUp();
        return this.cache.estimatedSize();
    }

    @Override
    public String toString() {
        return "InMemoryCacheBackend[maxEntries=" + this.cache.policy().eviction().orElseThrow().getMaximum() + "]";
    }

    /**
     * Caffeine's removal listener: a tagged entry leaves its tags, whatever removed it; an entry evicted for room
     * counts as an eviction only if it had not expired before a sweep came to it.
     */
    private void removed(@Nullable Object key, @Nullable Entry stored, RemovalCause cause) {
        if (stored instanceof Tagged entry) {
            untag(entry);
        }
        if (cause == RemovalCause.SIZE && key != null && stored != null && stored.isAlive(this.ticker.read())) {
            this.evictions.computeIfAbsent(namespaceOf(key), (namespace) -> new LongAdder()).increment();
        }
    }

    /** {@link KeyParts#namespaceOf} of a key's text, without making the text of a number's key with a namespace. */
    private static String namespaceOf(Object key) {
        if (key instanceof NumberKey number) {
            String namespace = number.namespace();
            return (namespace.indexOf(':') >= 0) ? KeyParts.namespaceOf(namespace)
                    : KeyParts.namespaceOf(key.toString());
        }
        return KeyParts.namespaceOf((String) key);
    }

    /** How long the entry of a key has left to live, or empty when there is none. */
    public Optional<Duration> remainingTtl(String key) {
        Entry entry = this.cache.policy().getIfPresentQuietly(NumberKey.canonical(key));
        long left = (entry != null) ? entry.expiresAt - this.ticker.read() : 0;
        return (left > 0) ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** How many entries of a cache were evicted because the backend was full. */
    public long evictions(String namespace) {
        LongAdder count = this.evictions.get(namespace);
        return (count != null) ? count.sum() : 0;
    }

    private void untag(Tagged entry) {
        for (String tag : entry.tags) {
            this.tagged.computeIfPresent(tag, (id, entries) -> (entries.remove(entry) && entries.isEmpty()) ? null
                    : entries);
        }
    }

    /** Options of an {@link InMemoryCacheBackend}. */
    public static final class Builder {

        private long maxEntries = DEFAULT_MAX_ENTRIES;

        private Ticker ticker = Ticker.systemTicker();

        private Executor sweeps = ForkJoinPool.commonPool();

        private @Nullable RecentTime recent;

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

        /** Where sweeps of the expired entries run; tests sweep on the writing thread. */
        Builder sweeps(Executor executor) {
            this.sweeps = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The recent time that hits trust far from expiry; tests tick one by hand, over their ticker. */
        Builder recentTime(RecentTime recent) {
            this.recent = Objects.requireNonNull(recent, "recent");
            return this;
        }

        public InMemoryCacheBackend build() {
            return new InMemoryCacheBackend(this);
        }
    }
}

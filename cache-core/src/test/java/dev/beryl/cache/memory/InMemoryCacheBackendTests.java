package dev.beryl.cache.memory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.beryl.cache.AbstractTaggingCacheBackendTests;
import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.Tags;
import dev.beryl.cache.internal.NumberKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryCacheBackendTests extends AbstractTaggingCacheBackendTests {

    private final FakeTicker ticker = new FakeTicker();

    private InMemoryCacheBackend backend;

    @BeforeEach
    void createBackend() {
        this.backend = InMemoryCacheBackend.builder().ticker(this.ticker).build();
    }

    @Override
    protected TaggingCacheBackend backend() {
        return this.backend;
    }

    @Override
    protected void advance(Duration duration) {
        this.ticker.advance(duration);
    }

    @Test
    void get_oneNanoBeforeTtl_isHit_andAtTtl_isMiss() {
        this.backend.setSync("k", "v", TTL);
        this.ticker.advance(TTL.minusNanos(1));
        assertThat(this.backend.getSync("k", String.class).isHit()).isTrue();
        this.ticker.advance(Duration.ofNanos(1));
        assertThat(this.backend.getSync("k", String.class).isHit()).isFalse();
    }

    /** Far from its expiry, a hit trusts the recent time and does not read the ticker. */
    @Test
    void aHitFarFromExpiry_doesNotReadTheTicker() {
        CountingTicker counted = new CountingTicker(this.ticker);
        RecentTime recent = new RecentTime(this.ticker::read, false);
        InMemoryCacheBackend store = InMemoryCacheBackend.builder().ticker(counted).recentTime(recent).build();
        store.setSync("beryl:products:42", "v", TTL);
        store.getSync(new NumberKey("beryl:products", 42));
        long reads = counted.reads;
        for (int hit = 0; hit < 10; hit++) {
            assertThat(store.getSync(new NumberKey("beryl:products", 42))).isEqualTo(CacheLookup.hit("v"));
            assertThat(store.getSync("beryl:products:42", String.class)).isEqualTo(CacheLookup.hit("v"));
        }
        assertThat(counted.reads).isEqualTo(reads);
    }

    /**
     * Near its expiry, a hit reads the ticker: an entry is not served past its ttl though the recent time was not
     * refreshed since.
     */
    @Test
    void nearExpiry_aHitReadsTheTicker_soAnEntryNeverOutlivesItsTtl() {
        RecentTime recent = new RecentTime(this.ticker::read, false);
        InMemoryCacheBackend store = InMemoryCacheBackend.builder().ticker(this.ticker).recentTime(recent).build();
        store.setSync("k", "v", TTL);
        assertThat(store.getSync("k", String.class).isHit()).isTrue();
        this.ticker.advance(TTL.minus(RecentTime.GUARD.dividedBy(2)));
        recent.tick();
        assertThat(store.getSync("k", String.class).isHit()).isTrue();
        this.ticker.advance(RecentTime.GUARD.dividedBy(2));
        assertThat(store.getSync("k", String.class).isHit()).isFalse();
        assertThat(store.getSync(new NumberKey("beryl:products", 7)).isHit()).isFalse();
    }

    /** A ticker that counts its reads. */
    private static final class CountingTicker implements Ticker {

        private final FakeTicker ticker;

        private long reads;

        CountingTicker(FakeTicker ticker) {
            this.ticker = ticker;
        }

        @Override
        public long read() {
            this.reads++;
            return this.ticker.read();
        }
    }

    /**
     * Caffeine's policy sees the reads, though expiry is the store's: entries read all the time outlive a stream of
     * entries written once and never read, in a store much smaller than the stream.
     */
    @Test
    void maxEntries_evictsEntriesWrittenOnce_beforeEntriesReadOften() {
        InMemoryCacheBackend bounded = InMemoryCacheBackend.builder().maxEntries(100).ticker(this.ticker).build();
        for (int hot = 0; hot < 10; hot++) {
            bounded.setSync("beryl:hot:" + hot, "hot " + hot, TTL);
        }
        for (int once = 0; once < 20_000; once++) {
            bounded.setSync("beryl:once:" + once, once, TTL);
            for (int hot = 0; hot < 10; hot++) {
                bounded.getSync("beryl:hot:" + hot, String.class);
            }
        }
        for (int hot = 0; hot < 10; hot++) {
            assertThat(bounded.getSync("beryl:hot:" + hot, String.class)).isEqualTo(CacheLookup.hit("hot " + hot));
        }
        assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(100);
    }

    /**
     * Entries that expire and are never read again leave at the next sweep, which the first write after they expire
     * hands to the backend's executor.
     */
    @Test
    void expiredEntries_thatNoOneReads_areSweptAfterAWrite() {
        List<Runnable> sweeps = new ArrayList<>();
        InMemoryCacheBackend swept = InMemoryCacheBackend.builder().ticker(this.ticker).sweeps(sweeps::add).build();
        for (int i = 0; i < 100; i++) {
            swept.setSync("beryl:short:" + i, i, Duration.ofSeconds(1), Set.of("short"));
        }
        swept.setSync("beryl:long:1", 1, TTL);
        assertThat(sweeps).as("nothing has expired yet").isEmpty();
        this.ticker.advance(Duration.ofSeconds(2));
        assertThat(swept.heldEntries()).as("nothing has removed them yet").isEqualTo(101);

        swept.setSync("beryl:long:2", 2, TTL);
        assertThat(sweeps).hasSize(1);
        sweeps.remove(0).run();

        assertThat(swept.heldEntries()).isEqualTo(2);
        assertThat(swept.tagCount()).isZero();
        assertThat(swept.getSync("beryl:long:1", Integer.class)).isEqualTo(CacheLookup.hit(1));
        swept.setSync("beryl:long:3", 3, TTL);
        assertThat(sweeps).as("nothing has expired since the sweep").isEmpty();
    }

    /**
     * Expired entries that nobody reads are swept once a write finds them due, so that live entries get the room;
     * the entries they made room for, and a live one evicted before the sweep came, are counted as evictions, the
     * expired ones are not.
     */
    @Test
    void expiredEntries_giveTheirRoomToLiveOnes_andAreNotCountedAsEvictions() {
        InMemoryCacheBackend bounded = InMemoryCacheBackend.builder().maxEntries(10).ticker(this.ticker)
                .sweeps(Runnable::run).build();
        for (int i = 0; i < 10; i++) {
            bounded.setSync("beryl:short:" + i, i, Duration.ofMillis(100));
        }
        this.ticker.advance(Duration.ofMillis(200));
        for (int i = 0; i < 30; i++) {
            bounded.setSync("beryl:long:" + i, i, TTL);
        }
        long kept = 0;
        for (int i = 0; i < 30; i++) {
            kept += bounded.getSync("beryl:long:" + i, Integer.class).isHit() ? 1 : 0;
        }
        assertThat(kept).isEqualTo(10);
        assertThat(bounded.evictions("beryl:short")).isZero();
        assertThat(bounded.evictions("beryl:long")).isEqualTo(20);
    }

    @Test
    void anExpiredEntry_readAgain_isAMiss_andLeavesTheStore() {
        this.backend.setSync("beryl:products:1", "one", Duration.ofSeconds(1));
        this.ticker.advance(Duration.ofSeconds(1));
        assertThat(this.backend.getSync("beryl:products:1", String.class)).isEqualTo(CacheLookup.miss());
        assertThat(this.backend.heldEntries()).isZero();
        assertThat(this.backend.remainingTtl("beryl:products:1")).isEmpty();
    }

    /** The tags of an expired entry are not carried over to the entry that replaces it. */
    @Test
    void aWriteOverAnExpiredTaggedEntry_doesNotKeepItsTags() {
        this.backend.setSync("beryl:products:1", "old", Duration.ofSeconds(1), Set.of("catalogue"));
        this.ticker.advance(Duration.ofSeconds(2));
        this.backend.setSync("beryl:products:1", "new", TTL);
        this.backend.invalidateTag("catalogue").orTimeout(1, TimeUnit.SECONDS).join();
        assertThat(this.backend.getSync("beryl:products:1", String.class)).isEqualTo(CacheLookup.hit("new"));
    }

    /** A ttl too long for nanoseconds is kept as about 146 years, and the entry lives through a century. */
    @Test
    void aTtlOfCenturies_isKept() {
        this.backend.setSync("beryl:products:1", "one", Duration.ofSeconds(Long.MAX_VALUE));
        this.backend.setSync("beryl:products:2", "two", Duration.ofDays(365L * 120));
        this.ticker.advance(Duration.ofDays(365L * 100));
        assertThat(this.backend.getSync("beryl:products:1", String.class)).isEqualTo(CacheLookup.hit("one"));
        assertThat(this.backend.getSync("beryl:products:2", String.class)).isEqualTo(CacheLookup.hit("two"));
        assertThat(this.backend.remainingTtl("beryl:products:1").orElseThrow())
                .isBetween(Duration.ofDays(365L * 45), Duration.ofDays(365L * 47));
        assertThat(this.backend.remainingTtl("beryl:products:2")).contains(Duration.ofDays(365L * 20));
    }

    @Test
    void maxEntries_boundHoldsUnder100kInserts() {
        InMemoryCacheBackend bounded = InMemoryCacheBackend.builder().maxEntries(1_000).ticker(this.ticker).build();
        for (int i = 0; i < 100_000; i++) {
            bounded.setSync("k:" + i, i, TTL);
            if (i % 10_000 == 0) {
                assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(1_000);
            }
        }
        assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(1_000).isGreaterThan(900);
    }

    @Test
    void tagBookkeeping_expiresWithItsEntries_after10kShortLivedPuts() {
        for (int i = 0; i < 10_000; i++) {
            this.backend.setSync("k:" + i, i, Duration.ofSeconds(1),
                    Set.of(Tags.id("beryl", "item:" + i), Tags.id("beryl", "all")));
        }
        assertThat(this.backend.tagCount()).isEqualTo(10_001);
        this.ticker.advance(Duration.ofSeconds(2));
        assertThat(this.backend.tagCount()).isZero();
        assertThat(this.backend.estimatedSize()).isZero();
    }

    @Test
    void tagBookkeeping_followsEvictionAndReplacement() {
        InMemoryCacheBackend small = InMemoryCacheBackend.builder().maxEntries(10).ticker(this.ticker).build();
        for (int i = 0; i < 1_000; i++) {
            small.setSync("k:" + i, i, TTL, Set.of(Tags.id("beryl", "item:" + i)));
        }
        assertThat(small.tagCount()).isLessThanOrEqualTo(10);
        small.setSync("r", 1, TTL, Set.of(Tags.id("beryl", "old")));
        small.setSync("r", 2, TTL, Set.of(Tags.id("beryl", "new")));
        small.invalidateTag(Tags.id("beryl", "new")).join();
        assertThat(small.getSync("r", Integer.class).isHit()).isFalse();
        small.invalidateTag(Tags.id("beryl", "old")).join();
        this.ticker.advance(TTL);
        assertThat(small.tagCount()).as("no tag outlives its entries").isZero();
    }

    @Test
    void put_keepsTheTagsOfTheEntryItReplaces() {
        this.backend.setSync("beryl:products:42", "v1", TTL, Set.of(Tags.id("beryl", "product:42")));
        this.backend.setSync("beryl:products:42", "v2", TTL);
        this.backend.setSync("beryl:products:42", "v3", TTL, Set.of(Tags.id("beryl", "featured")));
        this.backend.invalidateTag(Tags.id("beryl", "product:42")).join();
        assertThat(this.backend.getSync("beryl:products:42", String.class).isHit()).isFalse();
    }

    @Test
    void put_afterTheReplacedEntryExpired_doesNotInheritItsTags() {
        this.backend.setSync("beryl:products:42", "v1", Duration.ofSeconds(1), Set.of(Tags.id("beryl", "product:42")));
        this.ticker.advance(Duration.ofSeconds(2));
        this.backend.setSync("beryl:products:42", "v2", TTL);
        this.backend.invalidateTag(Tags.id("beryl", "product:42")).join();
        assertThat(this.backend.getSync("beryl:products:42", String.class).value()).isEqualTo("v2");
    }

    @Test
    void get_handsOutTheStoredLookup_withOrWithoutTags() {
        this.backend.setSync("plain", "v", TTL);
        this.backend.setSync("tagged", "v", TTL, Set.of(Tags.id("beryl", "t")));
        assertThat(this.backend.getSync("plain", String.class)).isSameAs(this.backend.getSync("plain", String.class));
        assertThat(this.backend.getSync("tagged", String.class))
                .isSameAs(this.backend.getSync("tagged", String.class));
    }

    @Test
    void hit_allocatesNothing() {
        this.backend.setSync("plain", "v", TTL);
        this.backend.setSync("tagged", "v", TTL, Set.of(Tags.id("beryl", "t")));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                this.backend.getSync("plain", String.class);
                this.backend.getSync("tagged", String.class);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // Less than a byte a hit: what the store's occasional maintenance and the measurement itself allocate.
        assertThat(allocated).as("bytes allocated by 20,000 hits").isLessThan(20_000);
    }

    @Test
    void set_nullAgain_restartsTtl() {
        this.backend.setSync("k", null, TTL);
        this.ticker.advance(TTL.minusSeconds(1));
        this.backend.setSync("k", null, TTL);
        this.ticker.advance(Duration.ofSeconds(2));
        assertThat(this.backend.getSync("k", String.class)).isEqualTo(CacheLookup.hit(null));
    }

    @Test
    void put_withoutTags_overTaggedEntry_expiresAfterItsOwnTtl_andLeavesNoTagBehind() {
        String tag = Tags.id("beryl", "product:42");
        this.backend.setSync("beryl:products:42", "v1", Duration.ofSeconds(50), Set.of(tag));
        this.backend.setSync("beryl:products:42", "v2", Duration.ofSeconds(5));
        this.ticker.advance(Duration.ofSeconds(6));
        assertThat(this.backend.getSync("beryl:products:42", String.class).isHit()).isFalse();
        assertThat(this.backend.tagCount()).isZero();
    }

    @Test
    void defaultMaxEntries_isTenThousand() {
        assertThat(InMemoryCacheBackend.create()).hasToString("InMemoryCacheBackend[maxEntries=10000]");
    }

    @Test
    void storesByReference() {
        List<String> value = new ArrayList<>(List.of("a"));
        this.backend.setSync("ref:1", value, TTL);
        assertThat(this.backend.getSync("ref:1", List.class).value()).isSameAs(value);
    }

    @Test
    void set_nonPositiveTtl_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.backend.setSync("k", "v", Duration.ZERO))
                .withMessage("ttl must be positive, was PT0S");
    }

    @Test
    void builder_nonPositiveMaxEntries_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> InMemoryCacheBackend.builder().maxEntries(0))
                .withMessage("maxEntries must be positive, was 0");
    }

    @Test
    void keyOfANumber_isOneEntry_whetherGivenAsTextOrAsNumberKey() {
        this.backend.setSync("beryl:products:42", "v", TTL);
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 42)).value()).isEqualTo("v");
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 420)).isHit()).isFalse();
        assertThat(this.backend.getSync(new NumberKey("beryl:product", 42)).isHit()).isFalse();
        assertThat(this.backend.getSync("beryl:products:042", String.class).isHit()).isFalse();
        assertThat(this.backend.remainingTtl("beryl:products:42")).contains(TTL);
        this.backend.deleteSync("beryl:products:42");
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 42)).isHit()).isFalse();
    }

    @Test
    void clear_removesTheKeysOfNumbersOfItsNamespace_only() {
        for (String key : List.of("beryl:products:1", "beryl:products:sub:2", "beryl:products:\"3\"",
                "beryl:products2:4", "beryl:product:5", "beryl:prices:6")) {
            this.backend.setSync(key, key, TTL);
        }
        this.backend.clear("beryl:products").orTimeout(1, TimeUnit.SECONDS).join();
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 1)).isHit()).isFalse();
        assertThat(this.backend.getSync(new NumberKey("beryl:products:sub", 2)).isHit()).isFalse();
        assertThat(this.backend.getSync("beryl:products:\"3\"", String.class).isHit()).isFalse();
        assertThat(this.backend.getSync(new NumberKey("beryl:products2", 4)).isHit()).isTrue();
        assertThat(this.backend.getSync(new NumberKey("beryl:product", 5)).isHit()).isTrue();
        assertThat(this.backend.getSync("beryl:prices:6", String.class).isHit()).isTrue();
    }

    @Test
    void tags_andEvictions_findTheKeysOfNumbers() {
        String tag = Tags.id("beryl", "catalogue");
        this.backend.setSync("beryl:products:1", "a", TTL, Set.of(tag));
        this.backend.setSync("beryl:products:2", "b", TTL);
        this.backend.invalidateTag(tag).orTimeout(1, TimeUnit.SECONDS).join();
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 1)).isHit()).isFalse();
        assertThat(this.backend.getSync(new NumberKey("beryl:products", 2)).isHit()).isTrue();

        InMemoryCacheBackend bounded = InMemoryCacheBackend.builder().maxEntries(10).ticker(this.ticker).build();
        for (int i = 0; i < 1_000; i++) {
            bounded.setSync("beryl:products:" + i, i, TTL);
            bounded.setSync("beryl:other:" + i, i, TTL);
        }
        bounded.estimatedSize();
        assertThat(bounded.evictions("beryl:products")).isGreaterThan(0);
        assertThat(bounded.evictions("beryl:products") + bounded.evictions("beryl:other"))
                .isEqualTo(2_000 - bounded.estimatedSize());

        // A key of one colon is its own namespace, as KeyParts.namespaceOf says.
        InMemoryCacheBackend oneColon = InMemoryCacheBackend.builder().maxEntries(10).ticker(this.ticker).build();
        for (int i = 0; i < 100; i++) {
            oneColon.setSync("p:" + i, i, TTL);
        }
        long evicted = 0;
        for (int i = 0; i < 100; i++) {
            assertThat(oneColon.evictions("p:" + i)).isBetween(0L, 1L);
            evicted += oneColon.evictions("p:" + i);
        }
        assertThat(oneColon.evictions("p")).isZero();
        assertThat(evicted).isEqualTo(100 - oneColon.estimatedSize());
    }
}

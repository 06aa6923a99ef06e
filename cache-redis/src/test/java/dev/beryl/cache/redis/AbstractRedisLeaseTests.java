package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeaseLookup;
import dev.beryl.cache.Tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leases of fleet-wide single flight, as Redis holds them; each server setup (standalone, Cluster) extends it.
 * Two tokens stand for two instances of an application.
 */
abstract class AbstractRedisLeaseTests {

    static final Duration LEASE = Duration.ofSeconds(30);

    static final Duration TTL = Duration.ofMinutes(1);

    static final String KEY = "beryl:products:42";

    /** The backend under test, with a generous command timeout. */
    protected abstract RedisCacheBackend backend();

    /** A plain client on the same Redis, to look at the bytes. */
    protected abstract RedisTestClient raw();

    @Test
    void getOrLease_ofAnAbsentKey_acquires_andStoresThePlaceholderWithTheLease() throws Exception {
        assertThat(join(backend().getOrLease(KEY, String.class, "instance-a", LEASE))).isSameAs(LeaseLookup.acquired());
        assertThat(raw().commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-a"));
        assertThat(raw().commands().pttl(KEY)).isBetween(LEASE.toMillis() - 5_000, LEASE.toMillis());
    }

    @Test
    void getOrLease_ofALeasedKey_isHeldForAnotherToken_andAcquiredForItsOwn() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        assertThat(join(backend().getOrLease(KEY, String.class, "instance-b", LEASE))).isSameAs(LeaseLookup.held());
        assertThat(join(backend().getOrLease(KEY, String.class, "instance-a", LEASE)))
                .isSameAs(LeaseLookup.acquired());
        assertThat(raw().commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-a"));
    }

    @Test
    void getOrLease_ofAStoredValue_isAHit_andTakesNoLease() throws Exception {
        backend().setSync(KEY, new Dto("Trail shoes", 12900), TTL);
        LeaseLookup lookup = join(backend().getOrLease(KEY, Dto.class, "instance-a", LEASE));
        assertThat(lookup.state()).isEqualTo(LeaseLookup.State.HIT);
        assertThat(lookup.value()).isEqualTo(new Dto("Trail shoes", 12900));
        assertThat(raw().getString(KEY)).isEqualTo("{\"name\":\"Trail shoes\",\"priceCents\":12900}");
    }

    @Test
    void plainGet_ofAPlaceholder_isAMiss_leavesIt_andCountsNoDecodeFailure() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        assertThat(join(backend().get(KEY, String.class))).isEqualTo(CacheLookup.miss());
        assertThat(backend().getSync(KEY, String.class)).isEqualTo(CacheLookup.miss());
        assertThat(backend().decodeFailures()).isZero();
        assertThat(backend().decodeFailures("beryl:products")).isZero();
        assertThat(raw().commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-a"));
    }

    @Test
    void setIfLeased_storesReadableJsonWithTheTtl_andThenReadsHit() throws Exception {
        join(backend().getOrLease(KEY, Dto.class, "instance-a", LEASE));
        assertThat(join(backend().setIfLeased(KEY, new Dto("Trail shoes", 12900), TTL, Set.of(), "instance-a")))
                .isTrue();
        assertThat(raw().getString(KEY)).isEqualTo("{\"name\":\"Trail shoes\",\"priceCents\":12900}");
        assertThat(raw().commands().pttl(KEY)).isBetween(TTL.toMillis() - 5_000, TTL.toMillis());
        assertThat(backend().getSync(KEY, Dto.class)).isEqualTo(CacheLookup.hit(new Dto("Trail shoes", 12900)));
        assertThat(join(backend().getOrLease(KEY, Dto.class, "instance-b", LEASE)).value())
                .isEqualTo(new Dto("Trail shoes", 12900));
    }

    @Test
    void setIfLeased_ofNull_storesACachedNull() throws Exception {
        join(backend().getOrLease(KEY, Dto.class, "instance-a", LEASE));
        assertThat(join(backend().setIfLeased(KEY, null, TTL, Set.of(), "instance-a"))).isTrue();
        assertThat(raw().getString(KEY)).isEqualTo("beryl:null");
        assertThat(backend().getSync(KEY, Dto.class)).isEqualTo(CacheLookup.hit(null));
    }

    @Test
    void deleteDuringTheLease_voidsIt_andTheHoldersStoreDoesNotHappen() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        backend().deleteSync(KEY);
        assertThat(join(backend().setIfLeased(KEY, "loaded before the invalidation", TTL, Set.of(), "instance-a")))
                .isFalse();
        assertThat(raw().commands().exists(KEY)).isZero();
    }

    @Test
    void putDuringTheLease_wins_andTheHoldersStoreDoesNotHappen() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        backend().setSync(KEY, "put", TTL);
        assertThat(join(backend().setIfLeased(KEY, "loaded", TTL, Set.of(Tags.id("beryl", "product:42")),
                "instance-a"))).isFalse();
        assertThat(raw().getString(KEY)).isEqualTo("\"put\"");
        assertThat(raw().commands().exists(EntryTags.key(KEY))).as("no list of tags for a value not stored").isZero();
    }

    @Test
    void anotherTokensLease_isNoLeaseToStoreUnder() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        assertThat(join(backend().setIfLeased(KEY, "loaded", TTL, Set.of(), "instance-b"))).isFalse();
        assertThat(raw().commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-a"));
    }

    @Test
    void expiredLease_isTakenByAnotherToken_andItsHolderNoLongerStores() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", Duration.ofMillis(200)));
        // A lease ends on Redis's own clock, which no test can advance: wait for it, bounded.
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> join(backend().getOrLease(KEY, String.class, "instance-b", LEASE))
                        .state() == LeaseLookup.State.ACQUIRED);
        assertThat(join(backend().setIfLeased(KEY, "late", TTL, Set.of(), "instance-a"))).isFalse();
        assertThat(join(backend().setIfLeased(KEY, "b's", TTL, Set.of(), "instance-b"))).isTrue();
        assertThat(backend().getSync(KEY, String.class)).isEqualTo(CacheLookup.hit("b's"));
    }

    @Test
    void releaseLease_letsAnotherTokenAcquireAtOnce() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        join(backend().releaseLease(KEY, "instance-a"));
        assertThat(raw().commands().exists(KEY)).isZero();
        assertThat(join(backend().getOrLease(KEY, String.class, "instance-b", LEASE)))
                .isSameAs(LeaseLookup.acquired());
    }

    @Test
    void releaseLease_leavesAnotherTokensLease_andAValue() throws Exception {
        join(backend().getOrLease(KEY, String.class, "instance-b", LEASE));
        join(backend().releaseLease(KEY, "instance-a"));
        assertThat(raw().commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-b"));
        backend().setSync("beryl:products:43", "stored", TTL);
        join(backend().releaseLease("beryl:products:43", "instance-a"));
        assertThat(raw().getString("beryl:products:43")).isEqualTo("\"stored\"");
    }

    @Test
    void tagsOfALeasedStore_areInvalidatedByTheTag() throws Exception {
        String tag = Tags.id("beryl", "product:42");
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        assertThat(join(backend().setIfLeased(KEY, "tagged", TTL, Set.of(tag), "instance-a"))).isTrue();
        assertThat(EntryTags.decode(raw().commands().get(EntryTags.key(KEY)))).containsExactly(tag);
        join(backend().invalidateTag(tag));
        assertThat(raw().commands().exists(KEY)).isZero();
        assertThat(raw().commands().exists(EntryTags.key(KEY))).isZero();
    }

    @Test
    void tagInvalidatedBetweenTheTagWriteAndTheFencedStore_voidsTheLease() throws Exception {
        String tag = Tags.id("beryl", "product:42");
        join(backend().getOrLease(KEY, String.class, "instance-a", LEASE));
        // As if the key had joined the tag on its way to the fenced store, and the tag was invalidated right then.
        raw().commands().zadd(tag, System.currentTimeMillis() + TTL.toMillis(), bytes(KEY));
        join(backend().invalidateTag(tag));
        assertThat(join(backend().setIfLeased(KEY, "older", TTL, Set.of(tag), "instance-a"))).isFalse();
        assertThat(raw().commands().exists(KEY)).isZero();
    }

    @Test
    void refreshLease_isTakenOnce_besideTheEntry_whichStaysReadable() throws Exception {
        backend().setSync(KEY, "stale", TTL);
        assertThat(join(backend().tryRefreshLease(KEY, "instance-a", LEASE))).isTrue();
        assertThat(join(backend().tryRefreshLease(KEY, "instance-b", LEASE))).isFalse();
        assertThat(raw().getString("beryl::lease:" + KEY)).isEqualTo("instance-a");
        assertThat(raw().commands().pttl("beryl::lease:" + KEY)).isBetween(LEASE.toMillis() - 5_000, LEASE.toMillis());
        assertThat(backend().getSync(KEY, String.class)).isEqualTo(CacheLookup.hit("stale"));
    }

    @Test
    void releaseRefreshLease_deletesOnlyItsOwn() throws Exception {
        join(backend().tryRefreshLease(KEY, "instance-a", LEASE));
        join(backend().releaseRefreshLease(KEY, "instance-b"));
        assertThat(raw().getString("beryl::lease:" + KEY)).isEqualTo("instance-a");
        join(backend().releaseRefreshLease(KEY, "instance-a"));
        assertThat(raw().commands().exists("beryl::lease:" + KEY)).isZero();
        assertThat(join(backend().tryRefreshLease(KEY, "instance-b", LEASE))).isTrue();
    }

    @Test
    void leasesOfManyKeys_eachOnTheirOwn() throws Exception {
        List<String> keys = List.of("beryl:products:1", "beryl:products:2", "beryl:users:3", "beryl:orders:4");
        for (String key : keys) {
            assertThat(join(backend().getOrLease(key, String.class, "instance-a", LEASE)))
                    .isSameAs(LeaseLookup.acquired());
            assertThat(join(backend().getOrLease(key, String.class, "instance-b", LEASE))).isSameAs(LeaseLookup.held());
        }
        for (String key : keys) {
            assertThat(join(backend().setIfLeased(key, key, TTL, Set.of(Tags.id("beryl", "all")), "instance-a")))
                    .isTrue();
            assertThat(backend().getSync(key, String.class)).isEqualTo(CacheLookup.hit(key));
        }
        join(backend().invalidateTag(Tags.id("beryl", "all")));
        for (String key : keys) {
            assertThat(raw().commands().exists(key)).isZero();
        }
    }

    static <T> T join(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record Dto(String name, long priceCents) {
    }
}

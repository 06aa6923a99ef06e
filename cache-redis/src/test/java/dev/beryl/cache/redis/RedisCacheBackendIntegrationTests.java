package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.AbstractTaggingCacheBackendTests;
import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.Tags;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The backend contract on a real standalone Redis, plus what only a server shows: PTTL, raw keys. */
class RedisCacheBackendIntegrationTests extends AbstractTaggingCacheBackendTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private RedisCacheBackend backend;

    private RedisTestClient raw;

    @BeforeEach
    void connect() {
        this.raw = RedisTestClient.standalone(redis.server().uri());
        this.raw.flushAll();
        // A generous timeout: these tests pipeline thousands of commands on a busy machine, and test what is stored.
        this.backend = RedisCacheBackend.builder().uri(redis.server().uri()).commandTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void close() throws Exception {
        this.backend.close();
        this.raw.close();
    }

    @Override
    protected TaggingCacheBackend backend() {
        return this.backend;
    }

    @Override
    protected void advance(Duration duration) {
        this.raw.advance("contract:*", duration);
    }

    @Test
    void set_storesReadableJson_withPttlOfTheTtl() {
        this.backend.setSync("beryl:products:42", new Dto("Trail shoes", 12900), Duration.ofSeconds(60));
        assertThat(this.raw.getString("beryl:products:42")).isEqualTo("{\"name\":\"Trail shoes\",\"priceCents\":12900}");
        assertThat(this.raw.commands().pttl("beryl:products:42")).isBetween(59_000L, 60_000L);
    }

    @Test
    void entry_isGoneOnceItsTtlPassed() {
        this.backend.setSync("beryl:products:1", "one", Duration.ofMillis(50));
        // Redis expires the key on its own clock: wait for that, bounded.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> !this.backend.getSync("beryl:products:1", String.class).isHit());
        assertThat(this.raw.commands().exists("beryl:products:1")).isZero();
    }

    @Test
    void cachedNull_isStoredAsMarker_andReadBackAsNullHit() {
        this.backend.setSync("beryl:products:none", null, Duration.ofSeconds(60));
        assertThat(this.raw.getString("beryl:products:none")).isEqualTo("beryl:null");
        assertThat(this.backend.getSync("beryl:products:none", Dto.class).isHit()).isTrue();
        assertThat(this.backend.getSync("beryl:products:none", Dto.class).value()).isNull();
    }

    @Test
    void clear_leavesOtherCachesAndForeignKeysAlone() {
        for (int i = 0; i < 1200; i++) {
            this.backend.setSync("beryl:products:" + i, i, Duration.ofMinutes(1));
        }
        this.backend.setSync("beryl:products-archive:1", 1, Duration.ofMinutes(1));
        this.backend.setSync("beryl:users:1", 1, Duration.ofMinutes(1));
        this.raw.setString("beryl:products", "not a cache entry, no trailing colon");
        this.raw.setString("session:products:1", "another application's key");
        this.backend.clear("beryl:products").join();
        assertThat(this.raw.scan("beryl:products:*")).isEmpty();
        assertThat(this.raw.scan("*")).containsExactlyInAnyOrder("beryl:products-archive:1", "beryl:users:1",
                "beryl:products", "session:products:1");
    }

    @Test
    void clear_treatsGlobCharactersInTheNameLiterally() {
        this.backend.setSync("beryl:a*:1", 1, Duration.ofMinutes(1));
        this.backend.setSync("beryl:ab:1", 1, Duration.ofMinutes(1));
        this.backend.clear("beryl:a*").join();
        assertThat(this.raw.scan("*")).containsExactly("beryl:ab:1");
    }

    @Test
    void valueAboveLimit_isNotStored_andCounted() {
        RedisCacheBackend small = RedisCacheBackend.builder().uri(redis.server().uri()).maxValueSize(10).build();
        try {
            small.setSync("beryl:big:1", "more than ten bytes of JSON", Duration.ofMinutes(1));
            small.setSync("beryl:big:2", "short", Duration.ofMinutes(1));
            assertThat(this.raw.commands().exists("beryl:big:1")).isZero();
            assertThat(this.raw.getString("beryl:big:2")).isEqualTo("\"short\"");
            assertThat(small.oversizedValues()).isEqualTo(1);
        }
        finally {
            small.close();
        }
    }

    @Test
    void valueAboveLimit_stillRemovesTheValueItReplaces() {
        RedisCacheBackend small = RedisCacheBackend.builder().uri(redis.server().uri()).maxValueSize(10).build();
        try {
            small.setSync("beryl:big:3", "old", Duration.ofMinutes(1));
            small.setSync("beryl:big:3", "a newer value of more than ten bytes", Duration.ofMinutes(1));
            assertThat(this.raw.commands().exists("beryl:big:3")).as("no older value outlives the put").isZero();
        }
        finally {
            small.close();
        }
    }

    @Test
    void entriesListsOfTags_goWithTheirEntries_onTagInvalidationAndClear() {
        String tag = Tags.id("beryl", "product:1");
        this.backend.setSync("beryl:products:1", "p1", Duration.ofMinutes(1), Set.of(tag));
        this.backend.setSync("beryl:lists:1", "l1", Duration.ofMinutes(1), Set.of(Tags.id("beryl", "list")));
        assertThat(this.raw.scan("beryl::entry-tags:*")).hasSize(2);
        this.backend.invalidateTag(tag).join();
        this.backend.clear("beryl:lists").join();
        assertThat(this.raw.scan("beryl::entry-tags:*")).isEmpty();
        // So a later store of the key does not carry the tags of the entry that is gone into a list of its own.
        this.backend.setSync("beryl:products:1", "p1 again", Duration.ofMinutes(1));
        assertThat(this.raw.scan("beryl::entry-tags:*")).isEmpty();
    }

    @Test
    void clientName_isSetOnTheConnection() {
        RedisCacheBackend named = RedisCacheBackend.builder().uri(redis.server().uri()).clientName("catalogue-cache")
                .build();
        try {
            assertThat(redis.server().command("CLIENT", "LIST")).contains("name=catalogue-cache");
        }
        finally {
            named.close();
        }
    }

    @Test
    void tag_isASortedSetOfKeys_livingAsLongAsItsLongestMember() {
        String tag = Tags.id("beryl", "product:42");
        this.backend.setSync("beryl:products:42", "p", Duration.ofSeconds(30), Set.of(tag));
        this.backend.setSync("beryl:lists:all", "l", Duration.ofSeconds(90), Set.of(tag));
        assertThat(this.raw.commands().zcard(tag)).isEqualTo(2);
        assertThat(this.raw.commands().pttl(tag)).isBetween(89_000L, 90_000L);
    }

    @Test
    void tagBookkeeping_expiresWithItsMembers_after10kShortLivedPuts() {
        List<String> tags = List.of(Tags.id("beryl", "all"), Tags.id("beryl", "even"));
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // Flow-controlled: a flood of 50,000 pipelined commands would outlast the 250 ms command timeout.
            if (puts.size() == 100) {
                CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
                puts.clear();
            }
            puts.add(this.backend.set("beryl:items:" + i, i, Duration.ofMillis(200),
                    Set.copyOf(tags.subList(0, 1 + i % 2))));
        }
        puts.add(this.backend.set("beryl:items:last", -1, Duration.ofMillis(200), Set.copyOf(tags)));
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        // Members that expired while the others were stored are already dropped.
        assertThat(this.raw.commands().zcard(tags.get(0))).isBetween(1L, 10_001L);
        // The tag sets expire on Redis's own clock with their last member: wait for that, bounded.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> this.raw.commands().exists(tags.toArray(String[]::new)) == 0);
        // ... and so do the entries' lists of tags, set a moment after the last tag.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> this.raw.scan("*").isEmpty());
    }

    @Test
    void tagThatKeepsGettingMembers_dropsExpiredOnes() {
        String tag = Tags.id("beryl", "catalogue");
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (puts.size() == 50) {
                CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
                puts.clear();
            }
            puts.add(this.backend.set("beryl:old:" + i, i, Duration.ofMillis(50), Set.of(tag)));
        }
        puts.add(this.backend.set("beryl:old:last", -1, Duration.ofMillis(50), Set.of(tag)));
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> this.raw.commands().exists("beryl:old:last") == 0);
        this.backend.setSync("beryl:new:1", 1, Duration.ofMinutes(5), Set.of(tag));
        assertThat(this.raw.commands().zcard(tag)).isEqualTo(1);
        assertThat(this.raw.commands().pttl(tag)).isGreaterThan(290_000L);
    }

    record Dto(String name, long priceCents) {
    }
}

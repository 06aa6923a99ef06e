package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeaseLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leases on a real standalone Redis, and what only one server shows: scripts it forgot, odd entries. */
class RedisLeaseIntegrationTests extends AbstractRedisLeaseTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private RedisCacheBackend backend;

    private RedisTestClient raw;

    @BeforeEach
    void connect() {
        this.raw = RedisTestClient.standalone(redis.server().uri());
        this.raw.flushAll();
        this.backend = RedisCacheBackend.builder().uri(redis.server().uri()).commandTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void close() throws Exception {
        this.backend.close();
        this.raw.close();
    }

    @Override
    protected RedisCacheBackend backend() {
        return this.backend;
    }

    @Override
    protected RedisTestClient raw() {
        return this.raw;
    }

    @Test
    void scriptsForgottenByTheServer_areSentAgainInFull() throws Exception {
        join(this.backend.getOrLease(KEY, String.class, "instance-a", LEASE));
        join(this.backend.tryRefreshLease(KEY, "instance-a", LEASE));
        assertThat(redis.server().command("SCRIPT", "FLUSH")).isEqualTo("OK");
        assertThat(join(this.backend.getOrLease(KEY, String.class, "instance-b", LEASE))).isSameAs(LeaseLookup.held());
        redis.server().command("SCRIPT", "FLUSH");
        assertThat(join(this.backend.setIfLeased(KEY, "stored", TTL, Set.of(), "instance-a"))).isTrue();
        redis.server().command("SCRIPT", "FLUSH");
        join(this.backend.releaseRefreshLease(KEY, "instance-a"));
        assertThat(this.raw.commands().exists("beryl::lease:" + KEY)).isZero();
        join(this.backend.getOrLease("beryl:products:43", String.class, "instance-a", LEASE));
        redis.server().command("SCRIPT", "FLUSH");
        join(this.backend.releaseLease("beryl:products:43", "instance-a"));
        assertThat(this.raw.commands().exists("beryl:products:43")).isZero();
        assertThat(this.backend.getSync(KEY, String.class)).isEqualTo(CacheLookup.hit("stored"));
    }

    @Test
    void entryThatCannotBeDecoded_isCounted_andReplacedByTheLease() throws Exception {
        this.raw.setString(KEY, "{\"title\":\"shape of an older deploy\"}");
        assertThat(join(this.backend.getOrLease(KEY, Dto.class, "instance-a", LEASE))).isSameAs(LeaseLookup.acquired());
        assertThat(this.backend.decodeFailures()).isEqualTo(1);
        assertThat(this.backend.decodeFailures("beryl:products")).isEqualTo(1);
        assertThat(this.raw.commands().get(KEY)).isEqualTo(bytes("\0beryl-lease\0instance-a"));
        assertThat(join(this.backend.getOrLease(KEY, Dto.class, "instance-b", LEASE))).isSameAs(LeaseLookup.held());
        assertThat(join(this.backend.setIfLeased(KEY, new Dto("fresh", 1), TTL, Set.of(), "instance-a"))).isTrue();
        assertThat(this.backend.getSync(KEY, Dto.class)).isEqualTo(CacheLookup.hit(new Dto("fresh", 1)));
    }

    @Test
    void entryThatCannotBeDecoded_butWasReplacedMeanwhile_isNotReplacedByTheLease() throws Exception {
        Picky picky = new Picky(() -> this.raw.setString(KEY, "written meanwhile"));
        try (RedisCacheBackend backend = RedisCacheBackend.builder().uri(redis.server().uri())
                .commandTimeout(Duration.ofSeconds(2)).codec(picky).build()) {
            this.raw.setString(KEY, "corrupt");
            LeaseLookup lookup = join(backend.getOrLease(KEY, String.class, "instance-a", LEASE));
            assertThat(lookup.state()).isEqualTo(LeaseLookup.State.HIT);
            assertThat(lookup.value()).isEqualTo("written meanwhile");
            assertThat(backend.decodeFailures()).isEqualTo(1);
        }
    }

    @Test
    void entryThatCannotBeDecoded_twice_isDeleted_andTheLoadRunsUnfenced() throws Exception {
        Picky picky = new Picky(() -> this.raw.setString(KEY, "corrupt, written meanwhile"));
        try (RedisCacheBackend backend = RedisCacheBackend.builder().uri(redis.server().uri())
                .commandTimeout(Duration.ofSeconds(2)).codec(picky).build()) {
            this.raw.setString(KEY, "corrupt");
            assertThat(join(backend.getOrLease(KEY, String.class, "instance-a", LEASE)))
                    .isSameAs(LeaseLookup.acquired());
            assertThat(backend.decodeFailures()).isEqualTo(2);
            // The entry is unlinked without making the caller wait: wait for that, bounded.
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> this.raw.commands().exists(KEY) == 0);
            assertThat(join(backend.setIfLeased(KEY, "loaded", TTL, Set.of(), "instance-a"))).isFalse();
            assertThat(this.raw.commands().exists(KEY)).isZero();
        }
    }

    @Test
    void valueTooLargeToStore_isNotStored_andGivesTheLeaseUp() throws Exception {
        try (RedisCacheBackend small = RedisCacheBackend.builder().uri(redis.server().uri())
                .commandTimeout(Duration.ofSeconds(2)).maxValueSize(64).build()) {
            join(small.getOrLease(KEY, String.class, "instance-a", LEASE));
            assertThat(join(small.setIfLeased(KEY, "x".repeat(100), TTL, Set.of(), "instance-a"))).isFalse();
            assertThat(small.oversizedValues()).isEqualTo(1);
            assertThat(this.raw.commands().exists(KEY)).isZero();
        }
    }

    @Test
    void valueWhoseEncodingLooksLikeALease_isStoredCompressed_andReadBack() throws Exception {
        String text = "\0beryl-lease\0instance-a";
        try (RedisCacheBackend verbatim = RedisCacheBackend.builder().uri(redis.server().uri())
                .commandTimeout(Duration.ofSeconds(2)).codec(new Verbatim()).build()) {
            verbatim.setSync(KEY, text, TTL);
            assertThat(this.raw.commands().get(KEY)[0] & 0xFF).as("the compression header").isEqualTo(0xC1);
            assertThat(verbatim.getSync(KEY, String.class)).isEqualTo(CacheLookup.hit(text));
            assertThat(join(verbatim.getOrLease(KEY, String.class, "instance-a", LEASE)).value()).isEqualTo(text);
            assertThat(join(verbatim.setIfLeased(KEY, "overwritten", TTL, Set.of(), "instance-a"))).isFalse();
        }
    }

    /** Reads text, except text that starts with "corrupt", which fails, after running a hook the first time. */
    static final class Picky implements ValueCodec {

        private @Nullable Runnable onFirstFailure;

        Picky(Runnable onFirstFailure) {
            this.onFirstFailure = onFirstFailure;
        }

        @Override
        public byte[] encode(@Nullable Object value) {
            return bytes((String) value);
        }

        @Override
        public synchronized @Nullable Object decode(byte[] bytes, Type type) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            if (text.startsWith("corrupt")) {
                if (this.onFirstFailure != null) {
                    this.onFirstFailure.run();
                    this.onFirstFailure = null;
                }
                throw new IllegalArgumentException("not readable: " + text);
            }
            return text;
        }
    }

    /** Stores text as its UTF-8 bytes, whatever they are. */
    static final class Verbatim implements ValueCodec {

        @Override
        public byte[] encode(@Nullable Object value) {
            return bytes((String) value);
        }

        @Override
        public @Nullable Object decode(byte[] bytes, Type type) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/** What Redis holds with compression and with a codec of your own, and what the backend makes of odd entries. */
class RedisEncodingIntegrationTests {

    private static final int THRESHOLD = 4 * 1024;

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private RedisCacheBackend compressing;

    private RedisTestClient raw;

    @BeforeEach
    void connect() {
        this.raw = RedisTestClient.standalone(redis.server().uri());
        this.raw.flushAll();
        this.compressing = RedisCacheBackend.builder().uri(redis.server().uri()).commandTimeout(Duration.ofSeconds(2))
                .maxValueSize(64 * 1024).compressionThreshold(THRESHOLD).build();
    }

    @AfterEach
    void close() throws Exception {
        this.compressing.close();
        this.raw.close();
    }

    @Test
    void valueAboveTheThreshold_isStoredCompressed_andReadBack() {
        Page page = new Page("catalogue ".repeat(THRESHOLD / 10 + 1));
        this.compressing.setSync("beryl:pages:1", page, Duration.ofMinutes(1));
        byte[] stored = this.raw.commands().get("beryl:pages:1");
        assertThat(stored[0] & 0xFF).isEqualTo(0xC1);
        assertThat(stored.length).isLessThan(THRESHOLD / 4);
        assertThat(this.compressing.getSync("beryl:pages:1", Page.class)).isEqualTo(CacheLookup.hit(page));
        assertThat(this.compressing.get("beryl:pages:1", Page.class).join()).isEqualTo(CacheLookup.hit(page));
    }

    @Test
    void valueAtTheThreshold_staysPlainJson_forRedisCli() {
        String text = "x".repeat(THRESHOLD - 2);
        this.compressing.setSync("beryl:pages:2", text, Duration.ofMinutes(1));
        assertThat(this.raw.getString("beryl:pages:2")).isEqualTo("\"" + text + "\"");
        this.compressing.setSync("beryl:pages:3", null, Duration.ofMinutes(1));
        assertThat(this.raw.getString("beryl:pages:3")).isEqualTo("beryl:null");
    }

    @Test
    void entriesWrittenWithoutCompression_andWithIt_areReadByBothBackends() {
        String big = "y".repeat(2 * THRESHOLD);
        try (RedisCacheBackend plain = RedisCacheBackend.builder().uri(redis.server().uri()).build()) {
            plain.setSync("beryl:pages:old", big, Duration.ofMinutes(1));
            assertThat(this.compressing.getSync("beryl:pages:old", String.class)).isEqualTo(CacheLookup.hit(big));
            this.compressing.setSync("beryl:pages:new", big, Duration.ofMinutes(1));
            assertThat(plain.getSync("beryl:pages:new", String.class)).isEqualTo(CacheLookup.hit(big));
            assertThat(plain.decodeFailures()).isZero();
        }
    }

    @Test
    void corruptCompressedEntry_isAMiss_counted_andDeleted() {
        this.compressing.setSync("beryl:pages:4", "z".repeat(2 * THRESHOLD), Duration.ofMinutes(1));
        byte[] stored = this.raw.commands().get("beryl:pages:4");
        stored[stored.length - 1] ^= 0x55;
        this.raw.setBytes("beryl:pages:4", stored);
        assertThat(this.compressing.getSync("beryl:pages:4", String.class)).isEqualTo(CacheLookup.miss());
        assertThat(this.compressing.decodeFailures()).isEqualTo(1);
        // The entry is unlinked without making the caller wait: wait for that, bounded.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> this.raw.commands().exists("beryl:pages:4") == 0);
    }

    @Test
    void compressedEntryThatInflatesPastTheLimit_isAMiss_andCounted() {
        RedisCacheBackend big = RedisCacheBackend.builder().uri(redis.server().uri()).maxValueSize(1024 * 1024)
                .compressionThreshold(THRESHOLD).build();
        try {
            big.setSync("beryl:pages:5", "w".repeat(512 * 1024), Duration.ofMinutes(1));
            assertThat(this.raw.commands().strlen("beryl:pages:5")).as("half a megabyte, compressed").isLessThan(4096);
        }
        finally {
            big.close();
        }
        assertThat(this.compressing.getSync("beryl:pages:5", String.class)).isEqualTo(CacheLookup.miss());
        assertThat(this.compressing.decodeFailures()).isEqualTo(1);
    }

    @Test
    void codecOfYourOwn_writesTheBytes_andChecksNoTypes() {
        try (RedisCacheBackend reversing = RedisCacheBackend.builder().uri(redis.server().uri())
                .codec(new ReversedText()).build()) {
            reversing.setSync("beryl:words:1", "stressed", Duration.ofMinutes(1));
            assertThat(this.raw.getString("beryl:words:1")).isEqualTo("desserts");
            assertThat(reversing.getSync("beryl:words:1", String.class)).isEqualTo(CacheLookup.hit("stressed"));
            reversing.setSync("beryl:words:2", null, Duration.ofMinutes(1));
            assertThat(reversing.getSync("beryl:words:2", String.class)).isEqualTo(CacheLookup.hit(null));
            assertThatNoException().isThrownBy(() -> reversing.checkValueType(Object.class));
        }
    }

    record Page(String text) {
    }

    /** Stores text backwards, and a cached null as no bytes at all. */
    static final class ReversedText implements ValueCodec {

        @Override
        public byte[] encode(@Nullable Object value) {
            return (value != null) ? new StringBuilder((String) value).reverse().toString()
                    .getBytes(StandardCharsets.UTF_8) : new byte[0];
        }

        @Override
        public @Nullable Object decode(byte[] bytes, Type type) {
            return (bytes.length == 0) ? null
                    : new StringBuilder(new String(bytes, StandardCharsets.UTF_8)).reverse().toString();
        }
    }
}

package dev.beryl.cache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@code redis-sentinel://} URI: the backend asks the Sentinel for the master and caches there. */
class RedisSentinelIntegrationTests {

    @RegisterExtension
    static final RedisExtension master = RedisExtension.standalone();

    private static RedisProcess sentinel;

    @BeforeAll
    static void startSentinel() {
        RedisExtension.assumeProcesses();
        sentinel = RedisProcess.startSentinel(master.server(), "catalogue");
    }

    @AfterAll
    static void stopSentinel() {
        if (sentinel != null) {
            sentinel.stop();
        }
    }

    @Test
    void sentinelUri_findsTheMaster_andRoundTrips() {
        String uri = "redis-sentinel://" + sentinel.host() + ":" + sentinel.port() + "/0#catalogue";
        try (RedisCacheBackend backend = RedisCacheBackend.builder().uri(uri).build()) {
            backend.setSync("beryl:sentinel:1", "via sentinel", Duration.ofMinutes(1));
            assertThat(backend.getSync("beryl:sentinel:1", String.class)).isEqualTo(CacheLookup.hit("via sentinel"));
            assertThat(master.server().command("GET", "beryl:sentinel:1")).isEqualTo("\"via sentinel\"");
            assertThat(backend).hasToString("RedisCacheBackend[Redis [127.0.0.1:" + sentinel.port()
                    + "] master catalogue/0]");
        }
    }
}

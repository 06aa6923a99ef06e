package dev.beryl.cache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;

/** Leases on a three-master Redis Cluster: every script touches the entry's key alone. */
class RedisClusterLeaseIntegrationTests extends AbstractRedisLeaseTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    private RedisCacheBackend backend;

    private RedisTestClient raw;

    @BeforeEach
    void connect() {
        this.raw = RedisTestClient.cluster(redis.clusterNodes());
        for (RedisProcess node : redis.clusterProcesses()) {
            node.command("FLUSHALL");
        }
        this.backend = RedisCacheBackend.builder().clusterNodes(redis.clusterNodes())
                .commandTimeout(Duration.ofSeconds(2)).build();
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
}

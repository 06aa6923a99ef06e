package dev.beryl.cache.spring.freshness;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.testsupport.RedisExtension;

/**
 * {@link FleetContract} on a Redis Cluster: the lease and the fenced store live under the entry's own key, so each
 * runs on the entry's node. Each test uses keys of its own.
 */
class FleetOnRedisClusterIntegrationTests extends FleetContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    private static final AtomicInteger tests = new AtomicInteger();

    /** The key prefix of one test's two instances. */
    private String prefix;

    @BeforeEach
    void prefix() {
        this.prefix = "fleet" + tests.incrementAndGet();
    }

    @Override
    String[] connection() {
        return new String[] { "beryl.cache.redis.cluster.nodes=" + String.join(",", redis.clusterNodes()),
                "beryl.cache.key-prefix=" + this.prefix };
    }
}

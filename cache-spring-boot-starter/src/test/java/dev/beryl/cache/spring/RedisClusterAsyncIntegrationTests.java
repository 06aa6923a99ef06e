package dev.beryl.cache.spring;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;

/** Asynchronous methods on a three-master Redis Cluster. */
class RedisClusterAsyncIntegrationTests extends RedisAsyncContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    @Override
    String[] connection() {
        return new String[] { "beryl.cache.redis.cluster.nodes=" + String.join(",", redis.clusterNodes()) };
    }

    @Override
    RedisTestClient client() {
        return RedisTestClient.cluster(redis.clusterNodes());
    }
}

package dev.beryl.cache.spring.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisConnectionTargetTests {

    private final BerylCacheProperties.Redis redis = new BerylCacheProperties.Redis();

    private final MockEnvironment environment = new MockEnvironment();

    @Test
    void nothingSet_isLocalhost() {
        assertThat(resolve()).isEqualTo(new RedisConnectionTarget("redis://localhost:6379", List.of(), null,
                "the default"));
    }

    @Test
    void berylUrl_winsOverSpringDataRedis() {
        this.redis.setUrl("redis://cache:6380/2");
        this.environment.setProperty("spring.data.redis.url", "redis://other:6379");
        assertThat(resolve().url()).isEqualTo("redis://cache:6380/2");
    }

    @Test
    void berylClusterNodes_winOverUrl() {
        this.redis.setUrl("redis://cache:6380");
        this.redis.getCluster().setNodes(List.of("a:7000", "b:7001"));
        assertThat(resolve().clusterNodes()).containsExactly("a:7000", "b:7001");
    }

    @Test
    void springDataRedisHostPortPasswordDatabaseSsl_makeAUri_withTheCredentialsEncoded() {
        this.environment.setProperty("spring.data.redis.host", "db.internal");
        this.environment.setProperty("spring.data.redis.port", "6390");
        this.environment.setProperty("spring.data.redis.username", "app");
        this.environment.setProperty("spring.data.redis.password", "p@ss:w/rd");
        this.environment.setProperty("spring.data.redis.database", "3");
        this.environment.setProperty("spring.data.redis.ssl.enabled", "true");
        assertThat(resolve().url()).isEqualTo("rediss://app:p%40ss%3Aw%2Frd@db.internal:6390/3");
    }

    @Test
    void springDataRedisSentinel_putsMasterCredentialsInTheUri_andSentinelPasswordApart() {
        this.environment.setProperty("spring.data.redis.sentinel.master", "mymaster");
        this.environment.setProperty("spring.data.redis.sentinel.nodes", "s1:26379,s2:26379");
        this.environment.setProperty("spring.data.redis.sentinel.password", "sentinel-secret");
        this.environment.setProperty("spring.data.redis.password", "master-secret");
        this.environment.setProperty("spring.data.redis.cluster.nodes", "ignored:7000");
        RedisConnectionTarget target = resolve();
        assertThat(target.url()).isEqualTo("redis-sentinel://:master-secret@s1:26379,s2:26379/0#mymaster");
        assertThat(target.sentinelPassword()).isEqualTo("sentinel-secret");
        assertThat(target.clusterNodes()).isEmpty();
    }

    @Test
    void springDataRedisClusterNodes_carryThePassword() {
        this.environment.setProperty("spring.data.redis.cluster.nodes", "a:7000,b:7001");
        this.environment.setProperty("spring.data.redis.password", "secret");
        assertThat(resolve().clusterNodes()).containsExactly("redis://:secret@a:7000", "redis://:secret@b:7001");
    }

    private RedisConnectionTarget resolve() {
        return RedisConnectionTarget.resolve(this.redis, this.environment);
    }
}

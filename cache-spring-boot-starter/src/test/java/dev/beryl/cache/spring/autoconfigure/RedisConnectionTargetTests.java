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
        return RedisConnectionTarget.resolve(this.redis, this.environment, null);
    }

    @Test
    void bootsConnectionDetails_areUsedWhenBerylHasNoUrl_withTheirCredentialsEncoded() {
        org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails details =
                new org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails() {

                    @Override
                    public String getPassword() {
                        return "p@ss:word";
                    }

                    @Override
                    public Standalone getStandalone() {
                        return Standalone.of("cache.internal", 6380, 2);
                    }
                };
        RedisConnectionTarget target = RedisConnectionTarget.resolve(this.redis, this.environment, details);
        assertThat(target.url()).isEqualTo("redis://:p%40ss%3Aword@cache.internal:6380/2");
        assertThat(target.source()).startsWith("Spring Boot's Redis connection details");
        this.redis.setUrl("redis://mine:6379");
        assertThat(RedisConnectionTarget.resolve(this.redis, this.environment, details).url())
                .isEqualTo("redis://mine:6379");
    }

    @Test
    void bootsSentinelAndClusterDetails_becomeASentinelUrlAndSeedNodes() {
        var node = new org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node("s1", 26379);
        org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails sentinel =
                new org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails() {

                    @Override
                    public Sentinel getSentinel() {
                        return new Sentinel() {

                            @Override
                            public int getDatabase() {
                                return 1;
                            }

                            @Override
                            public String getMaster() {
                                return "main";
                            }

                            @Override
                            public java.util.List<Node> getNodes() {
                                return java.util.List.of(node);
                            }

                            @Override
                            public String getUsername() {
                                return null;
                            }

                            @Override
                            public String getPassword() {
                                return "sentinel-secret";
                            }
                        };
                    }
                };
        RedisConnectionTarget target = RedisConnectionTarget.resolve(this.redis, this.environment, sentinel);
        assertThat(target.url()).isEqualTo("redis-sentinel://s1:26379/1#main");
        assertThat(target.sentinelPassword()).isEqualTo("sentinel-secret");
        org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails cluster =
                new org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails() {

                    @Override
                    public Cluster getCluster() {
                        return () -> java.util.List.of(node);
                    }
                };
        assertThat(RedisConnectionTarget.resolve(this.redis, this.environment, cluster).clusterNodes())
                .containsExactly("redis://s1:26379");
    }
}

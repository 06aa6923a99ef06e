package dev.beryl.cache.spring.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.mock.env.MockEnvironment;

import dev.beryl.cache.spring.CacheConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisConnectionTargetTests {

    private final BerylCacheProperties.Redis redis = new BerylCacheProperties.Redis();

    private final MockEnvironment environment = new MockEnvironment();

    private final SslBundle cacheBundle = SslBundle.of(SslStoreBundle.NONE);

    private final SslBundle otherBundle = SslBundle.of(SslStoreBundle.NONE);

    private final DefaultSslBundleRegistry sslBundles = new DefaultSslBundleRegistry();

    {
        this.sslBundles.registerBundle("cache", this.cacheBundle);
        this.sslBundles.registerBundle("other", this.otherBundle);
    }

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
        return RedisConnectionTarget.resolve(this.redis, this.environment, null, this.sslBundles);
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
        RedisConnectionTarget target = RedisConnectionTarget.resolve(this.redis, this.environment, details,
                this.sslBundles);
        assertThat(target.url()).isEqualTo("redis://:p%40ss%3Aword@cache.internal:6380/2");
        assertThat(target.source()).startsWith("Spring Boot's Redis connection details");
        this.redis.setUrl("redis://mine:6379");
        assertThat(RedisConnectionTarget.resolve(this.redis, this.environment, details, this.sslBundles).url())
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
        RedisConnectionTarget target = RedisConnectionTarget.resolve(this.redis, this.environment, sentinel,
                this.sslBundles);
        assertThat(target.url()).isEqualTo("redis-sentinel://s1:26379/1#main");
        assertThat(target.sentinelPassword()).isEqualTo("sentinel-secret");
        org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails cluster =
                new org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails() {

                    @Override
                    public Cluster getCluster() {
                        return () -> java.util.List.of(node);
                    }
                };
        assertThat(RedisConnectionTarget.resolve(this.redis, this.environment, cluster, this.sslBundles).clusterNodes())
                .containsExactly("redis://s1:26379");
    }

    @Test
    void springDataRedisSslBundle_turnsTlsOn_andIsTheTargetsBundle() {
        this.environment.setProperty("spring.data.redis.host", "db.internal");
        this.environment.setProperty("spring.data.redis.ssl.bundle", "cache");
        RedisConnectionTarget target = resolve();
        assertThat(target.url()).isEqualTo("rediss://db.internal:6379/0");
        assertThat(target.sslBundle()).isSameAs(this.cacheBundle);
    }

    @Test
    void springDataRedisSslBundle_withSslDisabled_isNotUsed() {
        this.environment.setProperty("spring.data.redis.host", "db.internal");
        this.environment.setProperty("spring.data.redis.ssl.bundle", "cache");
        this.environment.setProperty("spring.data.redis.ssl.enabled", "false");
        RedisConnectionTarget target = resolve();
        assertThat(target.url()).isEqualTo("redis://db.internal:6379/0");
        assertThat(target.sslBundle()).isNull();
    }

    @Test
    void springDataRedisUrl_withSsl_isTls() {
        this.environment.setProperty("spring.data.redis.url", "redis://db.internal:6380");
        this.environment.setProperty("spring.data.redis.ssl.bundle", "cache");
        assertThat(resolve().url()).isEqualTo("rediss://db.internal:6380");
        this.environment.setProperty("spring.data.redis.ssl.bundle", "");
        this.environment.setProperty("spring.data.redis.ssl.enabled", "true");
        assertThat(resolve().url()).isEqualTo("rediss://db.internal:6380");
        assertThat(resolve().sslBundle()).isNull();
    }

    @Test
    void berylSslBundle_turnsTlsOnForEveryKindOfAddress() {
        this.redis.getSsl().setBundle("cache");
        this.redis.setUrl("redis://cache:6380/2");
        assertThat(resolve()).isEqualTo(new RedisConnectionTarget("rediss://cache:6380/2", List.of(), null,
                "beryl.cache.redis.url", this.cacheBundle));
        this.redis.setUrl("redis-sentinel://s1:26379#main");
        assertThat(resolve().url()).isEqualTo("rediss-sentinel://s1:26379#main");
        this.redis.setUrl("rediss://already:6380");
        assertThat(resolve().url()).isEqualTo("rediss://already:6380");
        this.redis.getCluster().setNodes(List.of("a:7000", "redis://b:7001"));
        assertThat(resolve().clusterNodes()).containsExactly("rediss://a:7000", "rediss://b:7001");
    }

    @Test
    void berylSslBundle_winsOverTheBundleOfBootsConnectionDetails() {
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {

            @Override
            public SslBundle getSslBundle() {
                return RedisConnectionTargetTests.this.otherBundle;
            }
        };
        assertThat(RedisConnectionTarget.resolve(this.redis, this.environment, details, this.sslBundles).sslBundle())
                .isSameAs(this.otherBundle);
        this.redis.getSsl().setBundle("cache");
        RedisConnectionTarget target = RedisConnectionTarget.resolve(this.redis, this.environment, details,
                this.sslBundles);
        assertThat(target.url()).isEqualTo("rediss://localhost:6379/0");
        assertThat(target.sslBundle()).isSameAs(this.cacheBundle);
    }

    @Test
    void anUnknownBerylSslBundle_failsNamingTheProperty() {
        this.redis.getSsl().setBundle("missing");
        assertThatExceptionOfType(CacheConfigurationException.class).isThrownBy(this::resolve)
                .withMessage("beryl.cache.redis.ssl.bundle names SSL bundle 'missing', which is not defined")
                .satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Define the bundle under "
                        + "spring.ssl.bundle.pem.missing or spring.ssl.bundle.jks.missing, or name one that is "
                        + "defined."));
    }

    @Test
    void anUnknownSpringDataRedisSslBundle_failsNamingTheProperty() {
        this.environment.setProperty("spring.data.redis.ssl.bundle", "missing");
        assertThatExceptionOfType(CacheConfigurationException.class).isThrownBy(this::resolve)
                .withMessage("spring.data.redis.ssl.bundle names SSL bundle 'missing', which is not defined");
    }

    @Test
    void anSslBundleWithoutSslBundlesInTheApplication_failsSayingSo() {
        this.environment.setProperty("spring.data.redis.ssl.bundle", "cache");
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> RedisConnectionTarget.resolve(this.redis, this.environment, null, null))
                .withMessage("spring.data.redis.ssl.bundle names SSL bundle 'cache', but the application has no SSL "
                        + "bundles (no SslBundles bean)")
                .satisfies((ex) -> assertThat(ex.getAction()).isEqualTo("Define the bundle under "
                        + "spring.ssl.bundle.pem.cache or spring.ssl.bundle.jks.cache, with Spring Boot's "
                        + "SslAutoConfiguration, which makes the SslBundles bean."));
    }
}

package dev.beryl.cache.spring.autoconfigure;

import java.util.Set;

import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;

import static dev.beryl.cache.spring.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

/** SSL bundles for the Redis backend: what a bundle becomes in Lettuce, and bundles that do not exist. */
class RedisSslConfigurationTests {

    // Addresses where nothing listens, should a bundle that does not exist ever let the backend connect.
    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class, SslAutoConfiguration.class))
            .withBean(Prices.class).withPropertyValues("beryl.cache.default-backend=redis");

    @Test
    void aBundlesProtocolsAndCiphers_becomeLettucesSslOptions() {
        SslBundle bundle = SslBundle.of(SslStoreBundle.NONE, null, org.springframework.boot.ssl.SslOptions
                .of(Set.of("TLS_AES_256_GCM_SHA384"), Set.of("TLSv1.3")));
        SslOptions options = RedisBackendConfiguration.sslOptions(bundle);
        assertThat(options.getProtocols()).containsExactly("TLSv1.3");
        assertThat(options.getCipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384");
    }

    @Test
    void aBundleThatRestrictsNothing_leavesLettucesDefaults() {
        SslOptions options = RedisBackendConfiguration.sslOptions(SslBundle.of(SslStoreBundle.NONE));
        assertThat(options.getProtocols()).isEqualTo(SslOptions.create().getProtocols());
        assertThat(options.getCipherSuites()).isEqualTo(SslOptions.create().getCipherSuites());
    }

    @Test
    void anUnknownBerylSslBundle_failsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("beryl.cache.redis.url=redis://127.0.0.1:1",
                "beryl.cache.redis.ssl.bundle=missing")
                .run((context) -> assertStartupFailure(context,
                        "beryl.cache.redis.ssl.bundle names SSL bundle 'missing', which is not defined",
                        "Define the bundle under spring.ssl.bundle.pem.missing or spring.ssl.bundle.jks.missing, or "
                                + "name one that is defined."));
    }

    @Test
    void anUnknownSpringDataRedisSslBundle_failsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.ssl.bundle=missing")
                .run((context) -> assertStartupFailure(context,
                        "spring.data.redis.ssl.bundle names SSL bundle 'missing', which is not defined",
                        "Define the bundle under spring.ssl.bundle.pem.missing or spring.ssl.bundle.jks.missing, or "
                                + "name one that is defined."));
    }

    @Test
    void bootsConnectionDetailsNamingAnUnknownBundle_failStartupNamingTheProperty() {
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {

            @Override
            public Standalone getStandalone() {
                return Standalone.of("127.0.0.1", 1);
            }

            @Override
            public SslBundle getSslBundle() {
                throw new NoSuchSslBundleException("missing", "SSL bundle name 'missing' cannot be found");
            }
        };
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> details)
                .run((context) -> assertStartupFailure(context, "Spring Boot's Redis connection details name SSL "
                        + "bundle 'missing' (spring.data.redis.ssl.bundle), which is not defined",
                        "Define the bundle under spring.ssl.bundle.pem.missing or spring.ssl.bundle.jks.missing, or "
                                + "name one that is defined."));
    }

    static class Prices {

        @Cached(name = "prices")
        public String price(long id) {
            return "price " + id;
        }
    }
}

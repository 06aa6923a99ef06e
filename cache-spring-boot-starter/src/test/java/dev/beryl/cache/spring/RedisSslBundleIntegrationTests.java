package dev.beryl.cache.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;
import dev.beryl.cache.redis.testsupport.TestCertificates;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis that takes only TLS connections from the application, with a certificate that the JVM does not trust: Beryl
 * trusts it through the SSL bundle of Spring Boot's Redis connection details, of {@code spring.data.redis.ssl.bundle}
 * or of {@code beryl.cache.redis.ssl.bundle}, and without a bundle that trusts it, runs methods uncached. The suite
 * looks at what is stored through the server's plain port.
 */
class RedisSslBundleIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standaloneTls(false);

    @RegisterExtension
    static final RedisExtension mutual = RedisExtension.standaloneTls(true);

    private final TestCertificates certificates = TestCertificates.get();

    // A command timeout that the first TLS handshake of the JVM, on a busy machine, fits in: it also bounds connecting.
    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class)).withBean(Prices.class)
            .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.timeout=5s");

    @Test
    void bootsConnectionDetailsWithABundleTrustingTheServer_cacheInTheTlsRedis() {
        SslBundle trusting = SslBundle.of(new PemSslStoreBundle(null,
                PemSslStoreDetails.forCertificate(read(this.certificates.caCertificate()))));
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> details(trusting)).run((context) -> {
            Prices prices = context.getBean(Prices.class);
            assertThat(prices.price(7)).isEqualTo("price 7");
            assertThat(prices.price(7)).isEqualTo("price 7");
            assertThat(prices.calls()).isOne();
            assertThat(redis.server().command("GET", "beryl:prices:7")).isEqualTo("\"price 7\"");
        });
    }

    @Test
    void bootsConnectionDetailsWithTheJvmsTrust_cannotConnect_andMethodsRunUncached() {
        this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> details(SslBundle.systemDefault()))
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    assertThat(prices.price(8)).isEqualTo("price 8");
                    assertThat(prices.price(8)).isEqualTo("price 8");
                    assertThat(prices.calls()).isEqualTo(2);
                    assertThat(redis.server().command("EXISTS", "beryl:prices:8")).isEqualTo("0");
                });
    }

    @Test
    void springDataRedisSslBundle_throughBootsOwnConnectionDetails_cachesInTheTlsRedis() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                DataRedisAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + tlsPort(redis),
                        "spring.data.redis.ssl.bundle=redis", "spring.ssl.bundle.pem.redis.truststore.certificate="
                                + this.certificates.caCertificate().toUri())
                .run((context) -> {
                    assertThat(context).hasSingleBean(DataRedisConnectionDetails.class);
                    assertThat(context.getBean(Prices.class).price(9)).isEqualTo("price 9");
                    assertThat(redis.server().command("GET", "beryl:prices:9")).isEqualTo("\"price 9\"");
                });
    }

    @Test
    void springDataRedisSslBundle_withoutSpringBootDataRedis_isReadByBeryl_andCachesInTheTlsRedis() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + tlsPort(redis),
                        "spring.data.redis.ssl.bundle=redis", "spring.ssl.bundle.pem.redis.truststore.certificate="
                                + this.certificates.caCertificate().toUri())
                .run((context) -> {
                    assertThat(context).doesNotHaveBean(DataRedisConnectionDetails.class);
                    assertThat(context.getBean(Prices.class).price(10)).isEqualTo("price 10");
                    assertThat(redis.server().command("GET", "beryl:prices:10")).isEqualTo("\"price 10\"");
                });
    }

    @Test
    void berylSslBundle_turnsTlsOnForTheBerylUrl_andShowsItsClientCertificate() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("beryl.cache.redis.url=redis://127.0.0.1:" + tlsPort(mutual),
                        "beryl.cache.redis.ssl.bundle=client",
                        "spring.ssl.bundle.pem.client.truststore.certificate="
                                + this.certificates.caCertificate().toUri(),
                        "spring.ssl.bundle.pem.client.keystore.certificate="
                                + this.certificates.clientCertificate().toUri(),
                        "spring.ssl.bundle.pem.client.keystore.private-key="
                                + this.certificates.clientKey().toUri())
                .run((context) -> {
                    assertThat(context.getBean(Prices.class).price(11)).isEqualTo("price 11");
                    assertThat(mutual.server().command("GET", "beryl:prices:11")).isEqualTo("\"price 11\"");
                });
    }

    @Test
    void aBundleWithoutTheClientCertificate_isRefusedByAServerThatAsksForOne_andMethodsRunUncached() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("beryl.cache.redis.url=rediss://127.0.0.1:" + tlsPort(mutual),
                        "beryl.cache.redis.ssl.bundle=trust-only",
                        "spring.ssl.bundle.pem.trust-only.truststore.certificate="
                                + this.certificates.caCertificate().toUri())
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    assertThat(prices.price(12)).isEqualTo("price 12");
                    assertThat(prices.price(12)).isEqualTo("price 12");
                    assertThat(prices.calls()).isEqualTo(2);
                    assertThat(mutual.server().command("EXISTS", "beryl:prices:12")).isEqualTo("0");
                });
    }

    private static DataRedisConnectionDetails details(SslBundle bundle) {
        int port = tlsPort(redis);
        return new DataRedisConnectionDetails() {

            @Override
            public Standalone getStandalone() {
                return Standalone.of("127.0.0.1", port);
            }

            @Override
            public SslBundle getSslBundle() {
                return bundle;
            }
        };
    }

    private static int tlsPort(RedisExtension server) {
        return ((RedisProcess) server.server()).tlsPort();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static class Prices {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached(name = "prices")
        public String price(long id) {
            this.calls.incrementAndGet();
            return "price " + id;
        }

        /** How often a price was computed; a method, so that the caching proxy asks the bean. */
        public int calls() {
            return this.calls.get();
        }
    }
}

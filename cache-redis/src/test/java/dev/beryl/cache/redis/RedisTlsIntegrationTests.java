package dev.beryl.cache.redis;

import java.net.URI;
import java.time.Duration;

import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code rediss://} with the trust and key material of {@link RedisCacheBackend.Builder#sslOptions}: a server whose
 * certificate an authority of the test's own signed is trusted only through them, and a server that asks for a client
 * certificate gets the one they carry.
 */
class RedisTlsIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standaloneTls(false);

    @RegisterExtension
    static final RedisExtension mutual = RedisExtension.standaloneTls(true);

    private final TestCertificates certificates = TestCertificates.get();

    @Test
    void sslOptionsTrustingTheServersAuthority_roundTripOverTls() {
        SslOptions ssl = SslOptions.builder().trustManager(this.certificates.caCertificate().toFile()).build();
        try (RedisCacheBackend backend = builder().uri(redis.tlsUri()).sslOptions(ssl).build()) {
            backend.setSync("beryl:tls:1", "over tls", Duration.ofMinutes(1));
            assertThat(backend.getSync("beryl:tls:1", String.class)).isEqualTo(CacheLookup.hit("over tls"));
            assertThat(redis.server().command("GET", "beryl:tls:1")).isEqualTo("\"over tls\"");
        }
    }

    @Test
    void withoutSslOptions_theJvmTrustStoreRefusesTheServer_andTheBackendStartsDisconnected() {
        try (RedisCacheBackend backend = builder().uri(redis.tlsUri()).build()) {
            assertNotConnected(backend, redis);
        }
    }

    @Test
    void sslOptionsTrustingAnotherAuthority_areRefused() {
        SslOptions ssl = SslOptions.builder().trustManager(this.certificates.otherCaCertificate().toFile()).build();
        try (RedisCacheBackend backend = builder().uri(redis.tlsUri()).sslOptions(ssl).build()) {
            assertNotConnected(backend, redis);
        }
    }

    @Test
    void aServerThatAsksForAClientCertificate_getsTheOneOfTheKeyMaterial() {
        SslOptions ssl = SslOptions.builder().trustManager(this.certificates.caCertificate().toFile())
                .keyManager(this.certificates.clientCertificate().toFile(), this.certificates.clientKey().toFile(),
                        null)
                .build();
        try (RedisCacheBackend backend = builder().uri(mutual.tlsUri()).sslOptions(ssl).build()) {
            backend.setSync("beryl:tls:2", "with a client certificate", Duration.ofMinutes(1));
            assertThat(mutual.server().command("GET", "beryl:tls:2")).isEqualTo("\"with a client certificate\"");
        }
    }

    @Test
    void aServerThatAsksForAClientCertificate_refusesTrustAlone() {
        SslOptions ssl = SslOptions.builder().trustManager(this.certificates.caCertificate().toFile()).build();
        try (RedisCacheBackend backend = builder().uri(mutual.tlsUri()).sslOptions(ssl).build()) {
            assertNotConnected(backend, mutual);
        }
    }

    /**
     * A command timeout well above the default, which also bounds connecting: the first TLS handshake of a JVM, on a
     * busy machine, can take longer than 250ms.
     */
    private static RedisCacheBackend.Builder builder() {
        return RedisCacheBackend.builder().commandTimeout(Duration.ofSeconds(5));
    }

    private static void assertNotConnected(RedisCacheBackend backend, RedisExtension server) {
        String description = "Redis 127.0.0.1:" + URI.create(server.tlsUri()).getPort() + "/0";
        assertThatExceptionOfType(RedisCacheException.class)
                .isThrownBy(() -> backend.setSync("beryl:tls:refused", "never stored", Duration.ofMinutes(1)))
                .withMessage(description + " is not connected");
        assertThat(server.server().command("EXISTS", "beryl:tls:refused")).isEqualTo("0");
    }
}

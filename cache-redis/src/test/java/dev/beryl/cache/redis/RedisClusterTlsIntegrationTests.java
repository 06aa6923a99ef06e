package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.stream.IntStream;

import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;
import dev.beryl.cache.redis.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A Cluster over TLS: the seeds, and every master the topology names, are trusted through the same options. */
class RedisClusterTlsIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.clusterTls();

    private final TestCertificates certificates = TestCertificates.get();

    @Test
    void sslOptionsTrustingTheNodesAuthority_reachEveryMasterOverTls() {
        SslOptions ssl = SslOptions.builder().trustManager(this.certificates.caCertificate().toFile()).build();
        // A command timeout that a first TLS handshake on a busy machine fits in: it also bounds connecting.
        try (RedisCacheBackend backend = RedisCacheBackend.builder().clusterNodes(redis.tlsNodes())
                .commandTimeout(Duration.ofSeconds(5)).sslOptions(ssl).build()) {
            IntStream.range(0, 60).forEach((i) -> backend.setSync("beryl:tls:" + i, "value " + i,
                    Duration.ofMinutes(1)));
            IntStream.range(0, 60).forEach((i) -> assertThat(backend.getSync("beryl:tls:" + i, String.class))
                    .isEqualTo(CacheLookup.hit("value " + i)));
        }
        for (RedisProcess node : redis.clusterProcesses()) {
            assertThat(Long.parseLong(node.command("DBSIZE"))).as("keys on node %s", node.port()).isPositive();
        }
    }

    @Test
    void withoutSslOptions_theJvmTrustStoreRefusesTheNodes() throws Exception {
        try (RedisCacheBackend backend = RedisCacheBackend.builder().clusterNodes(redis.tlsNodes()).build()) {
            assertThatExceptionOfType(RedisCacheException.class)
                    .isThrownBy(() -> backend.setSync("beryl:tls:refused", "never stored", Duration.ofMinutes(1)))
                    .withMessageEndingWith(" is not connected");
        }
        try (RedisTestClient plain = RedisTestClient.cluster(redis.clusterNodes())) {
            assertThat(plain.getString("beryl:tls:refused")).isNull();
        }
    }
}

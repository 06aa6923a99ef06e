package dev.beryl.cache.spring;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.PropertyNamingStrategies;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.RedisCacheBackend;
import dev.beryl.cache.redis.RedisCacheException;
import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.ValueCodec;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;
import dev.beryl.cache.spring.autoconfigure.BerylJsonMapperCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The starter with beryl-cache-redis on the classpath and a real Redis. */
class RedisBackendIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(Shop.class);

    @BeforeEach
    @AfterEach
    void flush() {
        redis.server().command("FLUSHALL");
    }

    @Test
    void defaultBackendRedis_storesInRedis_withTheAnnotationTtl() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=" + redis.server().uri()).run((context) -> {
                    Shop shop = context.getBean(Shop.class);
                    assertThat(shop.product(42)).isEqualTo(shop.product(42));
                    assertThat(shop.calls()).isEqualTo(1);
                    assertThat(redis.server().command("GET", "beryl:products:42"))
                            .isEqualTo("{\"id\":42,\"name\":\"product-42\"}");
                    assertThat(Long.parseLong(redis.server().command("PTTL", "beryl:products:42")))
                            .isBetween(29_000L, 30_000L);
                });
    }

    @Test
    void explicitMemoryBackend_staysLocal_whenDefaultIsRedis() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=" + redis.server().uri()).run((context) -> {
                    context.getBean(Shop.class).local(7);
                    assertThat(redis.server().command("DBSIZE")).isEqualTo("0");
                    assertThat(context.getBean(InMemoryCacheBackend.class)
                            .getSync("beryl:Shop.local:7", Object.class).isHit()).isTrue();
                });
    }

    @Test
    void responseEntity_roundTripsWithStatusHeadersAndBody() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=" + redis.server().uri()).run((context) -> {
                    Shop shop = context.getBean(Shop.class);
                    ResponseEntity<List<Product>> first = shop.page(3);
                    ResponseEntity<List<Product>> second = shop.page(3);
                    assertThat(shop.calls()).isEqualTo(1);
                    assertThat(second).isNotSameAs(first).isEqualTo(first);
                    assertThat(second.getStatusCode()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
                    assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
                    assertThat(second.getHeaders().get("X-Page")).containsExactly("3");
                    assertThat(second.getBody()).containsExactly(new Product(3, "product-3"));
                });
    }

    @Test
    void springDataRedisUrl_isUsed_whenBerylSetsNone() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "spring.data.redis.url=" + redis.server().uri()).run((context) -> {
                    context.getBean(Shop.class).product(1);
                    assertThat(redis.server().command("EXISTS", "beryl:products:1")).isEqualTo("1");
                });
    }

    @Test
    void springDataRedisHostAndPort_areUsed_whenBerylSetsNone() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "spring.data.redis.host=" + redis.server().host(), "spring.data.redis.port=" + redis.server().port())
                .run((context) -> {
                    context.getBean(Shop.class).product(2);
                    assertThat(redis.server().command("EXISTS", "beryl:products:2")).isEqualTo("1");
                });
    }

    @Test
    void redisBackend_isNotCreated_whenNothingUsesIt() {
        this.contextRunner.run((context) -> {
            context.getBean(Shop.class).product(5);
            assertThat(context.getBeanFactory().containsSingleton("berylRedisCacheBackend")).isFalse();
            assertThat(redis.server().command("DBSIZE")).isEqualTo("0");
        });
    }

    @Test
    void redisBackend_isClosedWithTheContext() {
        RedisCacheBackend[] backend = new RedisCacheBackend[1];
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=" + redis.server().uri(), "beryl.cache.redis.client-name=shop-it")
                .run((context) -> {
                    backend[0] = context.getBean(RedisCacheBackend.class);
                    assertThat(redis.server().command("CLIENT", "LIST")).contains("name=shop-it");
                });
        assertThat(redis.server().command("CLIENT", "LIST")).doesNotContain("name=shop-it");
        assertThatExceptionOfType(RedisCacheException.class)
                .isThrownBy(() -> backend[0].getSync("beryl:products:1", Product.class)).withMessageContaining("closed");
    }

    @Test
    void redisDown_failsOpen_throughTheStarter() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=redis://127.0.0.1:1", "beryl.cache.redis.connect-timeout=200ms")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    Shop shop = context.getBean(Shop.class);
                    shop.product(9);
                    shop.product(9);
                    assertThat(shop.calls()).isEqualTo(2);
                });
    }

    @Test
    void failOpenOff_letsRedisErrorsReachTheCaller() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.fail-open=false",
                "beryl.cache.redis.url=redis://127.0.0.1:1", "beryl.cache.redis.connect-timeout=200ms")
                .run((context) -> assertThatExceptionOfType(RedisCacheException.class)
                        .isThrownBy(() -> context.getBean(Shop.class).product(9)));
    }

    @Test
    void objectReturnType_onRedis_failsStartupNamingMethod() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Untyped.class).withPropertyValues("beryl.cache.default-backend=redis",
                        "beryl.cache.redis.url=" + redis.server().uri())
                .run((context) -> {
                    Throwable failure = context.getStartupFailure();
                    while (!(failure instanceof CacheConfigurationException) && failure.getCause() != null) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).hasMessage("@Cached on Untyped.anything(long): backend 'redis' "
                            + "cannot cache values of type java.lang.Object: "
                            + "Object cannot be restored from JSON without type information");
                });
    }

    @Test
    void mapperCustomizer_namingStrategy_isVisibleInTheStoredJson() {
        this.contextRunner.withBean(Prices.class)
                .withBean(BerylJsonMapperCustomizer.class,
                        () -> (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri())
                .run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    assertThat(prices.price(7)).isEqualTo(prices.price(7));
                    assertThat(prices.calls()).isEqualTo(1);
                    assertThat(redis.server().command("GET", "beryl:prices:7"))
                            .isEqualTo("{\"product_id\":7,\"amount_cents\":1290}");
                });
    }

    @Test
    void valueCodecBean_writesWhatRedisStores() {
        this.contextRunner.withBean(ValueCodec.class, ReversedText::new).withPropertyValues(
                "beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri()).run((context) -> {
                    Shop shop = context.getBean(Shop.class);
                    assertThat(shop.word("stressed")).isEqualTo(shop.word("stressed")).isEqualTo("stressed");
                    assertThat(shop.calls()).isEqualTo(1);
                    // A string argument is quoted in the key.
                    assertThat(redis.server().command("GET", "beryl:words:\"stressed\"")).isEqualTo("desserts");
                });
    }

    @Test
    void compression_storesLargeValuesCompressed_andSmallOnesAsJson() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.url=" + redis.server().uri(), "beryl.cache.redis.compression.enabled=true",
                "beryl.cache.redis.compression.threshold=1KB").run((context) -> {
                    Shop shop = context.getBean(Shop.class);
                    assertThat(shop.text(2000)).isEqualTo(shop.text(2000)).hasSize(2000);
                    assertThat(shop.text(1000)).isEqualTo(shop.text(1000)).hasSize(1000);
                    assertThat(shop.calls()).isEqualTo(2);
                    RedisTestClient raw = RedisTestClient.standalone(redis.server().uri());
                    try {
                        byte[] stored = raw.commands().get("beryl:texts:2000");
                        assertThat(stored[0] & 0xFF).isEqualTo(0xC1);
                        assertThat(stored.length).isLessThan(100);
                        assertThat(raw.getString("beryl:texts:1000")).isEqualTo("\"" + "x".repeat(1000) + "\"");
                    }
                    finally {
                        raw.close();
                    }
                });
    }

    record Product(long id, String name) {
    }

    record Price(long productId, long amountCents) {
    }

    public static class Prices {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached(name = "prices", key = "#productId")
        public Price price(long productId) {
            this.calls.incrementAndGet();
            return new Price(productId, 1290);
        }

        public int calls() {
            return this.calls.get();
        }
    }

    /** Stores text backwards. */
    static final class ReversedText implements ValueCodec {

        @Override
        public byte[] encode(@Nullable Object value) {
            return new StringBuilder(String.valueOf(value)).reverse().toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public @Nullable Object decode(byte[] bytes, Type type) {
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8)).reverse().toString();
        }
    }

    public static class Untyped {

        @Cached
        public Object anything(long id) {
            return id;
        }
    }

    public static class Shop {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached(name = "products", key = "#id", ttl = "30s")
        public Product product(long id) {
            this.calls.incrementAndGet();
            return new Product(id, "product-" + id);
        }

        @Cached(name = "words", key = "#word")
        public String word(String word) {
            this.calls.incrementAndGet();
            return word;
        }

        @Cached(name = "texts", key = "#length")
        public String text(int length) {
            this.calls.incrementAndGet();
            return "x".repeat(length);
        }

        @Cached(backend = "memory")
        public Product local(long id) {
            return new Product(id, "local-" + id);
        }

        @Cached(name = "pages")
        public ResponseEntity<List<Product>> page(int page) {
            this.calls.incrementAndGet();
            return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).contentType(MediaType.APPLICATION_JSON)
                    .header("X-Page", Integer.toString(page)).body(List.of(new Product(page, "product-" + page)));
        }

        public int calls() {
            return this.calls.get();
        }
    }
}

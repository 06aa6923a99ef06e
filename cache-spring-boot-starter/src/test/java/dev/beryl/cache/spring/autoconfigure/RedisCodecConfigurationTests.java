package dev.beryl.cache.spring.autoconfigure;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.redis.JsonValueCodec;
import dev.beryl.cache.redis.RedisCacheBackend;
import dev.beryl.cache.redis.ValueCodec;

import static dev.beryl.cache.spring.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The Redis backend's codec through the starter: the default JSON codec, the customizers of its mapper, a codec of
 * your own, and the compression properties. No Redis runs: the backend starts disconnected.
 */
class RedisCodecConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withPropertyValues("beryl.cache.redis.url=redis://127.0.0.1:1", "beryl.cache.redis.connect-timeout=200ms");

    @Test
    void defaultCodec_isJson_withResponseEntities() {
        this.contextRunner.run((context) -> {
            ValueCodec codec = context.getBean(ValueCodec.class);
            assertThat(codec).isInstanceOf(JsonValueCodec.class);
            assertThat(json(codec, ResponseEntity.ok(new Price(1, 1290)))).isEqualTo(
                    "{\"status\":200,\"headers\":{},\"body\":{\"productId\":1,\"amountCents\":1290}}");
        });
    }

    @Test
    void customizers_shapeTheDefaultMapper_inTheirOrder() {
        this.contextRunner.withUserConfiguration(Customizers.class).run((context) -> {
            assertThat(context.getBean(Customizers.class).applied).containsExactly("first", "second");
            assertThat(json(context.getBean(ValueCodec.class), ResponseEntity.ok(new Price(1, 1290)))).isEqualTo(
                    "{\"status\":200,\"headers\":{},\"body\":{\"product_id\":1,\"amount_cents\":1290}}");
        });
    }

    @Test
    void valueCodecBean_replacesTheDefault_andTheBackendUsesIt() {
        this.contextRunner.withBean("textCodec", ValueCodec.class, TextCodec::new).run((context) -> {
            assertThat(context).hasSingleBean(ValueCodec.class).doesNotHaveBean(JsonValueCodec.class);
            // JSON could not read Object back; this codec checks no types.
            RedisCacheBackend backend = context.getBean(RedisCacheBackend.class);
            assertThatNoException().isThrownBy(() -> backend.checkValueType(Object.class));
        });
    }

    @Test
    void customizerThatActivatesDefaultTyping_failsStartup() {
        this.contextRunner.withBean(BerylJsonMapperCustomizer.class, () -> (builder) -> builder.activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())).run((context) -> {
                    assertStartupFailure(context, "Beryl's Redis codec: The JsonMapper of JsonValueCodec has default "
                            + "typing activated, which lets stored data name the classes to instantiate: build it "
                            + "without activateDefaultTyping", "Remove activateDefaultTyping from your "
                                    + "BerylJsonMapperCustomizer beans; declare concrete types, or annotate an "
                                    + "interface with @JsonTypeInfo.");
                });
    }

    @Test
    void negativeCompressionThreshold_failsStartup() {
        this.contextRunner.withBean(Prices.class).withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.compression.enabled=true", "beryl.cache.redis.compression.threshold=-1B")
                .run((context) -> assertStartupFailure(context,
                        "beryl.cache.redis.compression.threshold is negative (-1B)",
                        "Set beryl.cache.redis.compression.threshold to a size such as 4KB."));
    }

    @Test
    void negativeCompressionThreshold_isIgnored_whileCompressionIsOff() {
        this.contextRunner.withBean(Prices.class).withPropertyValues("beryl.cache.default-backend=redis",
                "beryl.cache.redis.compression.threshold=-1B").run((context) -> assertThat(context).hasNotFailed());
    }

    private static String json(ValueCodec codec, Object value) {
        return new String(codec.encode(value), StandardCharsets.UTF_8);
    }

    record Price(long productId, long amountCents) {
    }

    public static class Prices {

        @Cached
        public Price price(long productId) {
            return new Price(productId, 1290);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        final List<String> applied = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        BerylJsonMapperCustomizer second() {
            return (builder) -> this.applied.add("second");
        }

        @Bean
        @Order(1)
        BerylJsonMapperCustomizer first() {
            return (builder) -> {
                this.applied.add("first");
                builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            };
        }
    }

    /** Strings as UTF-8 text; enough to tell it from JSON. */
    static final class TextCodec implements ValueCodec {

        @Override
        public byte[] encode(@Nullable Object value) {
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public @Nullable Object decode(byte[] bytes, Type type) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}

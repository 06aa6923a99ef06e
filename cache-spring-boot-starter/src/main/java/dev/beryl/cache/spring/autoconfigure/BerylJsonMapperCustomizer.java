package dev.beryl.cache.spring.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Customizes the {@link JsonMapper} of the Redis backend's default codec: a bean of this type adds modules (Kotlin,
 * your own types), naming strategies or features. Beans are applied in their {@code @Order}, to
 * {@link dev.beryl.cache.redis.JsonValueCodec#defaultMapperBuilder()}, before Beryl adds its module for
 * {@code ResponseEntity}. They are not used when you define a {@link dev.beryl.cache.redis.ValueCodec} bean of your
 * own, which replaces the default codec.
 * <p>
 * Activating default typing stops the application: stored data must not name the classes to instantiate.
 *
 * <pre>{@code
 * @Bean
 * BerylJsonMapperCustomizer snakeCaseCache() {
 *     return (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BerylJsonMapperCustomizer {

    void customize(JsonMapper.Builder builder);
}

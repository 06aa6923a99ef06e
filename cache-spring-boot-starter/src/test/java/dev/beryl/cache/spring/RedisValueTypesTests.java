package dev.beryl.cache.spring;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.ResponseEntity;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static dev.beryl.cache.spring.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up check of what Redis can read back, through the starter. It needs no running Redis: the backend is
 * created, and the check runs, before anything connects.
 */
class RedisValueTypesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.url=redis://127.0.0.1:1",
                    "beryl.cache.redis.connect-timeout=200ms");

    @Test
    void recordWithAnObjectComponent_onRedis_failsStartupNamingMethodTypeAndPath() {
        this.contextRunner.withBean(Envelopes.class).run((context) -> assertStartupFailure(context,
                "@Cached on Envelopes.latest(String): backend 'redis' cannot cache values of type "
                        + "dev.beryl.cache.spring.RedisValueTypesTests$Envelope: Envelope.payload is declared Object, "
                        + "which JSON cannot restore without type information",
                "Declare concrete types, in the return type and in what it holds; annotate an interface or abstract "
                        + "class with @JsonTypeInfo; or cache this method in memory: backend = \"memory\"."));
    }

    @Test
    void responseEntity_onRedis_isCheckedThroughItsBody() {
        this.contextRunner.withBean(EnvelopeResponses.class).run((context) -> assertStartupFailure(context,
                "@Cached on EnvelopeResponses.latest(String): backend 'redis' cannot cache values of type "
                        + "org.springframework.http.ResponseEntity<dev.beryl.cache.spring.RedisValueTypesTests"
                        + "$Envelope>: ResponseEntity<Envelope>.body.payload is declared Object, which JSON cannot "
                        + "restore without type information",
                "Declare concrete types, in the return type and in what it holds; annotate an interface or abstract "
                        + "class with @JsonTypeInfo; or cache this method in memory: backend = \"memory\"."));
    }

    @Test
    void concreteTypesAtEveryDepth_onRedis_start() {
        this.contextRunner.withBean(Catalogue.class).run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void objectComponent_inMemory_starts() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=memory").withBean(Envelopes.class)
                .run((context) -> assertThat(context).hasNotFailed());
    }

    record Envelope(String kind, Object payload) {
    }

    record Product(long id, String name) {
    }

    record Tree(String name, List<Tree> children) {
    }

    public static class Envelopes {

        @Cached
        public Envelope latest(String kind) {
            return new Envelope(kind, 42);
        }
    }

    public static class EnvelopeResponses {

        @Cached
        public ResponseEntity<Envelope> latest(String kind) {
            return ResponseEntity.ok(new Envelope(kind, 42));
        }
    }

    public static class Catalogue {

        @Cached
        public ResponseEntity<List<Product>> products(int page) {
            return ResponseEntity.ok(List.of(new Product(page, "product-" + page)));
        }

        @Cached
        public Tree tree(String name) {
            return new Tree(name, List.of());
        }
    }
}

package dev.beryl.cache.examples.reactive;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux handler that returns a {@code CompletableFuture} has no subscriber through which Beryl could see the
 * request it answers, so it cannot keep users apart: unless it is explicitly shared, it stops the application.
 */
class FutureHandlersTests {

    private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class));

    @Test
    void futureHandlerWithTheDefaultScope_stopsTheApplication() {
        this.contextRunner.withBean(DefaultScope.class).run((context) -> assertFailure(context,
                "@Cached on DefaultScope.profile(long): a WebFlux handler that returns a CompletableFuture cannot show "
                        + "Beryl the request it answers, so scope AUTO cannot keep users apart"));
    }

    @Test
    void futureHandlerPerUser_stopsTheApplication() {
        this.contextRunner.withBean(PerUser.class).run((context) -> assertFailure(context,
                "@Cached on PerUser.profile(long): a WebFlux handler that returns a CompletableFuture cannot show "
                        + "Beryl the request it answers, so scope PRINCIPAL cannot keep users apart"));
    }

    @Test
    void sharedFutureHandler_starts_andIsCached() {
        this.contextRunner.withBean(Shared.class).run((context) -> {
            assertThat(context).hasNotFailed();
            Shared shared = context.getBean(Shared.class);
            assertThat(shared.price(1).get()).isEqualTo("price 1 (call 1)");
            assertThat(shared.price(1).get()).isEqualTo("price 1 (call 1)");
        });
    }

    private static void assertFailure(AssertableReactiveWebApplicationContext context, String message) {
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof CacheConfigurationException)) {
            failure = failure.getCause();
        }
        assertThat(failure).isInstanceOf(CacheConfigurationException.class).hasMessage(message);
        assertThat(((CacheConfigurationException) failure).getAction()).startsWith("Return a Mono");
    }

    @RestController
    static class DefaultScope {

        @GetMapping("/future/default/{id}")
        @Cached(key = "#id")
        public CompletableFuture<String> profile(@PathVariable long id) {
            return CompletableFuture.completedFuture("profile " + id);
        }
    }

    @RestController
    static class PerUser {

        @GetMapping("/future/user/{id}")
        @Cached(key = "#id", scope = CacheScope.PRINCIPAL)
        public CompletableFuture<String> profile(@PathVariable long id) {
            return CompletableFuture.completedFuture("profile " + id);
        }
    }

    @RestController
    static class Shared {

        private int calls;

        @GetMapping("/future/shared/{id}")
        @Cached(key = "#id", scope = CacheScope.SHARED)
        public CompletableFuture<String> price(@PathVariable long id) {
            return CompletableFuture.completedFuture("price " + id + " (call " + ++this.calls + ")");
        }
    }
}

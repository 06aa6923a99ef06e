package dev.beryl.cache.examples.reactive;

import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile review of issue 12: WebFlux handlers that return a {@code CompletableFuture} (a return type WebFlux
 * supports and Beryl accepts at start-up). Beryl does not see their request, so AUTO shares signed-in answers and
 * PRINCIPAL gives every user the anonymous entry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "quotes.latency=0ms", "beryl.cache.http.cache-status-header=true" })
@Import(ReviewFutureHandlersIntegrationTests.FutureHandlers.class)
class ReviewFutureHandlersIntegrationTests extends QuotesHttp {

    @Autowired
    private FutureHandlers handlers;

    @Test
    void futureHandler_auto_requestWithAuthorizationMustNotReadOrWriteTheSharedEntry() throws Exception {
        HttpResponse<String> alice = get("/review/future/auto/1", "X-Review-User", "alice", "Authorization",
                "Bearer alice-token");
        assertThat(alice.body()).isEqualTo("alice 1");
        HttpResponse<String> anonymous = get("/review/future/auto/1");
        assertThat(anonymous.body()).as("an anonymous request after alice's").doesNotContain("alice");
    }

    @Test
    void futureHandler_principal_eachUserMustGetTheirOwnEntry() throws Exception {
        assertThat(get("/review/future/principal/1", "X-Review-User", "alice").body()).isEqualTo("alice 1");
        HttpResponse<String> bob = get("/review/future/principal/1", "X-Review-User", "bob");
        assertThat(bob.body()).as("bob's answer").doesNotContain("alice");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ReviewSignIn {

        /** Signs in the user that {@code X-Review-User} names, before every other filter. */
        @Bean
        @Order(-1000)
        WebFilter reviewUserFilter() {
            return (exchange, chain) -> {
                String user = exchange.getRequest().getHeaders().getFirst("X-Review-User");
                if (user == null) {
                    return chain.filter(exchange);
                }
                Principal principal = () -> user;
                return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
            };
        }
    }

    @RestController
    @Import(ReviewSignIn.class)
    static class FutureHandlers {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        private int count(String handler) {
            return this.calls.computeIfAbsent(handler, (name) -> new AtomicInteger()).incrementAndGet();
        }

        @GetMapping("/review/future/auto/{id}")
        @Cached(name = "reviewFutureAuto", key = "#id")
        public CompletableFuture<String> auto(@PathVariable long id, ServerWebExchange exchange) {
            return user(exchange).map((user) -> user + " " + count("auto")).toFuture();
        }

        @GetMapping("/review/future/principal/{id}")
        @Cached(name = "reviewFuturePrincipal", key = "#id", scope = CacheScope.PRINCIPAL)
        public CompletableFuture<String> principal(@PathVariable long id, ServerWebExchange exchange) {
            return user(exchange).map((user) -> user + " " + count("principal")).toFuture();
        }

        private static Mono<String> user(ServerWebExchange exchange) {
            return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("anonymous");
        }
    }
}

package dev.beryl.cache.examples.reactive;

import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.Map;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
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
 * WebFlux handlers that depend on who asks, over real HTTP on Netty: the scope, {@code vary}, what is never
 * stored, and {@code Cache-Status}. A test filter signs in the user that {@code X-Test-User} names, as a login would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "quotes.latency=0ms", "beryl.cache.http.cache-status-header=true" })
@Import(ScopedHandlersIntegrationTests.Handlers.class)
class ScopedHandlersIntegrationTests extends QuotesHttp {

    @Autowired
    private Handlers handlers;

    @Test
    void auto_authenticatedRequestsNeitherReadNorWriteTheSharedEntry() throws Exception {
        HttpResponse<String> anonymous = get("/scoped/auto/1");
        assertThat(anonymous.body()).isEqualTo("anonymous 1");
        assertThat(anonymous.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=miss; stored");
        HttpResponse<String> hit = get("/scoped/auto/1");
        assertThat(hit.body()).isEqualTo("anonymous 1");
        assertThat(hit.headers().firstValue("Cache-Status").orElseThrow()).matches("beryl; hit; ttl=(59|60)");

        HttpResponse<String> alice = get("/scoped/auto/1", "X-Test-User", "alice");
        assertThat(alice.body()).isEqualTo("alice 2");
        assertThat(alice.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=bypass");
        HttpResponse<String> token = get("/scoped/auto/1", "Authorization", "Bearer token");
        assertThat(token.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=bypass");
        assertThat(get("/scoped/auto/1").body()).isEqualTo("anonymous 1");
        assertThat(this.handlers.calls("auto")).isEqualTo(3);
    }

    @Test
    void principal_eachUserHitsTheirOwnEntry() throws Exception {
        assertThat(get("/scoped/principal/1", "X-Test-User", "alice").body()).isEqualTo("alice 1");
        assertThat(get("/scoped/principal/1", "X-Test-User", "bob").body()).isEqualTo("bob 2");
        assertThat(get("/scoped/principal/1").body()).isEqualTo("anonymous 3");
        assertThat(get("/scoped/principal/1", "X-Test-User", "alice").body()).isEqualTo("alice 1");
        assertThat(get("/scoped/principal/1", "X-Test-User", "bob").body()).isEqualTo("bob 2");
        assertThat(get("/scoped/principal/1").body()).isEqualTo("anonymous 3");
        HttpResponse<String> token = get("/scoped/principal/1", "Authorization", "Bearer token");
        assertThat(token.body()).isEqualTo("anonymous 4");
        assertThat(token.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=bypass");
        assertThat(this.handlers.calls("principal")).isEqualTo(4);
    }

    @Test
    void vary_keepsLanguagesApart() throws Exception {
        assertThat(get("/scoped/greeting/1", "Accept-Language", "de").body()).isEqualTo("Hallo 1");
        assertThat(get("/scoped/greeting/1", "Accept-Language", "fr").body()).isEqualTo("Hello 2");
        assertThat(get("/scoped/greeting/1", "Accept-Language", "de").body()).isEqualTo("Hallo 1");
        assertThat(this.handlers.calls("greeting")).isEqualTo(2);
    }

    @Test
    void responseThatSetsACookie_isNeverStored() throws Exception {
        get("/scoped/cookie/1");
        HttpResponse<String> second = get("/scoped/cookie/1");
        assertThat(second.headers().firstValue("Set-Cookie")).hasValue("SESSION=s2");
        assertThat(second.headers().firstValue("Cache-Status")).hasValue("beryl; fwd=miss");
        assertThat(this.handlers.calls("cookie")).isEqualTo(2);
    }

    @Test
    void monoHandler_getsAnETag_andAMatchingIfNoneMatchIsANotModifiedWithoutRunningTheMethod() throws Exception {
        HttpResponse<String> first = get("/scoped/items/7");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        HttpResponse<String> notModified = get("/scoped/items/7", "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        HttpResponse<String> other = get("/scoped/items/7", "If-None-Match", "\"other\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo(first.body());
        assertThat(this.handlers.calls("items")).isEqualTo(1);

        HttpResponse<String> entity = get("/scoped/entities/7");
        String entityTag = entity.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/scoped/entities/7", "If-None-Match", entityTag).statusCode()).isEqualTo(304);
        assertThat(this.handlers.calls("entities")).isEqualTo(1);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class SignIn {

        /** Signs in the user that {@code X-Test-User} names, before every other filter. */
        @Bean
        @Order(-1000)
        WebFilter testUserFilter() {
            return (exchange, chain) -> {
                String user = exchange.getRequest().getHeaders().getFirst("X-Test-User");
                if (user == null) {
                    return chain.filter(exchange);
                }
                Principal principal = () -> user;
                return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
            };
        }
    }

    record Item(long id, String name) {
    }

    @RestController
    @Import(SignIn.class)
    static class Handlers {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        int calls(String handler) {
            AtomicInteger count = this.calls.get(handler);
            return (count != null) ? count.get() : 0;
        }

        private int count(String handler) {
            return this.calls.computeIfAbsent(handler, (name) -> new AtomicInteger()).incrementAndGet();
        }

        @GetMapping("/scoped/auto/{id}")
        @Cached(name = "scopedAuto", key = "#id")
        public Mono<String> auto(@PathVariable long id, ServerWebExchange exchange) {
            return user(exchange).map((user) -> user + " " + count("auto"));
        }

        @GetMapping("/scoped/principal/{id}")
        @Cached(name = "scopedPrincipal", key = "#id", scope = CacheScope.PRINCIPAL)
        public Mono<String> principal(@PathVariable long id, ServerWebExchange exchange) {
            return user(exchange).map((user) -> user + " " + count("principal"));
        }

        @GetMapping("/scoped/greeting/{id}")
        @Cached(name = "scopedGreeting", key = "#id", vary = "Accept-Language")
        public Mono<String> greeting(@PathVariable long id, ServerWebExchange exchange) {
            String language = exchange.getRequest().getHeaders().getFirst("Accept-Language");
            int call = count("greeting");
            return Mono.just(("de".equals(language) ? "Hallo " : "Hello ") + call);
        }

        @GetMapping("/scoped/cookie/{id}")
        @Cached(name = "scopedCookie", key = "#id")
        public Mono<ResponseEntity<String>> cookie(@PathVariable long id) {
            int call = count("cookie");
            return Mono.just(ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, "SESSION=s" + call).body("c" + call));
        }

        @GetMapping("/scoped/items/{id}")
        @Cached(name = "scopedItems", key = "#id")
        public Mono<Item> item(@PathVariable long id) {
            count("items");
            return Mono.just(new Item(id, "item " + id));
        }

        @GetMapping("/scoped/entities/{id}")
        @Cached(name = "scopedEntities", key = "#id")
        public Mono<ResponseEntity<Item>> entity(@PathVariable long id) {
            count("entities");
            return Mono.just(ResponseEntity.ok(new Item(id, "entity " + id)));
        }

        private static Mono<String> user(ServerWebExchange exchange) {
            return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("anonymous");
        }
    }
}

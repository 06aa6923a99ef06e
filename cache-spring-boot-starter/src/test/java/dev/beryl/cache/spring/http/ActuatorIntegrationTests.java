package dev.beryl.cache.spring.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code beryl} Actuator endpoint and health contributor over real HTTP, in an application that caches in memory
 * and in a Redis of its own, which the tests kill and restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActuatorIntegrationTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ConfigurableApplicationContext context;

    private int port;

    @BeforeAll
    void start() {
        this.context = new SpringApplicationBuilder(HttpCachingApplication.class, RedisHandlers.class)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "beryl.cache.redis.url=" + redis.server().uri(), "beryl.cache.redis.timeout=200ms",
                        "beryl.cache.redis.circuit-breaker.cool-down=200ms",
                        "management.endpoints.web.exposure.include=beryl,health",
                        "management.endpoint.health.show-details=always",
                        "management.endpoint.health.probes.enabled=true")
                .run();
        this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (this.context != null) {
            this.context.close();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int calls(String handler) {
        return this.context.getBean(HttpCachingApplication.Handlers.class).calls(handler);
    }

    @Test
    void endpoint_listsEveryCache_withItsMethodsKeyAndCounters() throws Exception {
        send("GET", "/items/41");
        send("GET", "/items/41");
        HttpResponse<String> caches = send("GET", "/actuator/beryl");
        assertThat(caches.statusCode()).isEqualTo(200);
        assertThat(caches.body()).contains("\"name\":\"items\"", "\"backend\":\"memory\"", "\"ttl\":\"PT1M\"",
                "\"@Cached HttpCachingApplication.Handlers.item(long)\"".replace("HttpCachingApplication.", ""),
                "\"key\":\"(all arguments)\"", "\"name\":\"greeting\"");
        assertThat(caches.body()).containsPattern("\"name\":\"items\"[^}]*\"hits\":[1-9]");
        assertThat(caches.body()).containsPattern("\"name\":\"items\"[^}]*\"misses\":[1-9]");
    }

    @Test
    void deleteOfAKey_removesThatEntry_andDeleteOfACache_clearsIt() throws Exception {
        send("GET", "/items/42");
        send("GET", "/items/43");
        int loads = calls("items");
        assertThat(send("DELETE", "/actuator/beryl/items/42").statusCode()).isEqualTo(204);
        send("GET", "/items/42");
        send("GET", "/items/43");
        assertThat(calls("items")).isEqualTo(loads + 1);

        assertThat(send("DELETE", "/actuator/beryl/items").statusCode()).isEqualTo(204);
        send("GET", "/items/42");
        send("GET", "/items/43");
        assertThat(calls("items")).isEqualTo(loads + 3);
        assertThat(send("DELETE", "/actuator/beryl/nothing-of-that-name").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteOfAStringKey_takesThePartWithItsQuotes() throws Exception {
        RedisHandlers handlers = this.context.getBean(RedisHandlers.class);
        send("GET", "/names/ada");
        int loads = handlers.calls();
        assertThat(send("DELETE", "/actuator/beryl/names/%22ada%22").statusCode()).isEqualTo(204);
        send("GET", "/names/ada");
        assertThat(handlers.calls()).isEqualTo(loads + 1);
    }

    @Test
    void health_isUp_downWhileRedisIsKilled_andUpOnceItIsBack() throws Exception {
        send("GET", "/names/grace");
        JsonNode up = health();
        assertThat(up.at("/components/beryl/status").asString()).isEqualTo("UP");
        assertThat(up.at("/components/beryl/details/redis/status").asString()).isEqualTo("UP");
        assertThat(up.at("/components/beryl/details/memory/status").asString()).isEqualTo("UP");
        redis.server().kill();
        try {
            HttpResponse<String> response = send("GET", "/actuator/health");
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode down = JSON.readTree(response.body());
            assertThat(down.at("/components/beryl/status").asString()).isEqualTo("DOWN");
            assertThat(down.at("/components/beryl/details/redis/status").asString()).isEqualTo("DOWN");
            assertThat(down.at("/components/beryl/details/memory/status").asString()).isEqualTo("UP");
        }
        finally {
            redis.server().restart();
        }
        // Once Redis answers again (after the breaker's cool-down, if it opened), the backend is up again.
        String status = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            status = health().at("/components/beryl/details/redis/status").asString();
            if ("UP".equals(status)) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertThat(status).isEqualTo("UP");
        assertThat(health().at("/groups").toString()).contains("liveness", "readiness");
    }

    @Test
    void health_isNotPartOfTheLivenessOrReadinessGroups() throws Exception {
        JsonNode liveness = JSON.readTree(send("GET", "/actuator/health/liveness").body());
        JsonNode readiness = JSON.readTree(send("GET", "/actuator/health/readiness").body());
        assertThat(liveness.at("/components/beryl").isMissingNode()).isTrue();
        assertThat(readiness.at("/components/beryl").isMissingNode()).isTrue();
        assertThat(liveness.at("/status").asString()).isEqualTo("UP");
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(send("GET", "/actuator/health").body());
    }

    /** A handler that caches in Redis, with a string key. */
    @org.springframework.web.bind.annotation.RestController
    static class RedisHandlers {

        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        int calls() {
            return this.calls.get();
        }

        @org.springframework.web.bind.annotation.GetMapping("/names/{name}")
        @dev.beryl.cache.annotation.Cached(name = "names", ttl = "60s", backend = "redis")
        public String name(@org.springframework.web.bind.annotation.PathVariable String name) {
            return "hello " + name + " " + this.calls.incrementAndGet();
        }
    }
}

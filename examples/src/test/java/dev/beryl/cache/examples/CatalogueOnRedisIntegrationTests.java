package dev.beryl.cache.examples;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The example application with its documented switch to Redis, the {@code redis} profile, over real HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "catalogue.latency=0ms")
@ActiveProfiles("redis")
class CatalogueOnRedisIntegrationTests extends CatalogueHttp {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) {
        registry.add("beryl.cache.redis.url", () -> redis.server().uri());
    }

    @Autowired
    private InMemoryCacheBackend memory;

    @Test
    void secondRequest_isAHit_andTheKeyLivesInRedisWithItsTtl() throws Exception {
        long before = calls("findById");
        HttpResponse<String> first = get("/products/2");
        HttpResponse<String> second = get("/products/2");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body()).contains("Leather boots");
        assertThat(calls("findById")).isEqualTo(before + 1);
        String stored = redis.server().command("GET", "catalogue:ProductController.product:2");
        assertThat(stored).contains("\"status\":200").contains("\"name\":\"Leather boots\"");
        assertThat(Long.parseLong(redis.server().command("PTTL", "catalogue:ProductController.product:2")))
                .isBetween(55_000L, 60_000L);
    }

    @Test
    void listingTtlOverride_isThePttlInRedis() throws Exception {
        get("/products?category=jackets");
        assertThat(Long.parseLong(redis.server().command("PTTL", "catalogue:ProductController.byCategory:\"jackets\"")))
                .isBetween(5_000L, 10_000L);
    }

    @Test
    void explicitMemoryHandler_staysInThisInstance() throws Exception {
        get("/products/1/availability");
        assertThat(redis.server().command("EXISTS", "catalogue:availability:1")).isEqualTo("0");
        assertThat(this.memory.getSync("catalogue:availability:1", Object.class).isHit()).isTrue();
    }

    @Test
    void put_removesTheEntriesFromRedis() throws Exception {
        get("/products/6");
        get("/products?category=bags");
        assertThat(redis.server().command("EXISTS", "catalogue:ProductController.product:6")).isEqualTo("1");
        assertThat(send("PUT", "/products/6", "{\"name\":\"Daypack\",\"category\":\"bags\",\"priceCents\":5900}")
                .statusCode()).isEqualTo(200);
        assertThat(redis.server().command("EXISTS", "catalogue:ProductController.product:6")).isEqualTo("0");
        assertThat(redis.server().command("EXISTS", "catalogue:ProductController.byCategory:\"bags\""))
                .isEqualTo("0");
        assertThat(get("/products/6").body()).contains("Daypack");
    }


}

package dev.beryl.cache.examples;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.CacheOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application over real HTTP. Time in the in-memory backend comes from a ticker that the tests move;
 * each test uses its own products or queries, so that they do not share entries.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "catalogue.latency=0ms")
class CatalogueApplicationIntegrationTests extends CatalogueHttp {

    private static final FakeTicker ticker = new FakeTicker();

    @Autowired
    private InMemoryCacheBackend memory;

    @Autowired
    private SimpleMapCacheBackend reviewsBackend;

    @Autowired
    private CacheOperations caches;

    @Test
    void secondGet_returnsSameBody_withoutCallingRepository() throws Exception {
        long before = calls("findById");
        HttpResponse<String> first = get("/products/1");
        HttpResponse<String> second = get("/products/1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"name\":\"Trail running shoes\"");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(calls("findById")).isEqualTo(before + 1);
        assertThat(this.memory.getSync("catalogue:ProductController.product:1", Object.class).isHit()).isTrue();
    }

    @Test
    void differentPathVariable_misses() throws Exception {
        long before = calls("findById");
        assertThat(get("/products/2").body()).contains("Leather boots");
        assertThat(get("/products/3").body()).contains("Rain jacket");
        assertThat(calls("findById")).isEqualTo(before + 2);
    }

    @Test
    void notFound_isNotCached() throws Exception {
        long before = calls("findById");
        assertThat(get("/products/404").statusCode()).isEqualTo(404);
        assertThat(get("/products/404").statusCode()).isEqualTo(404);
        assertThat(calls("findById")).isEqualTo(before + 2);
    }

    @Test
    void afterDefaultTtl_methodRunsAgain() throws Exception {
        long before = calls("findById");
        get("/products/4");
        ticker.advance(Duration.ofSeconds(59));
        get("/products/4");
        assertThat(calls("findById")).isEqualTo(before + 1);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(get("/products/4").body()).contains("Down jacket");
        assertThat(calls("findById")).isEqualTo(before + 2);
    }

    @Test
    void ttlOverride_expiresBeforeDefault() throws Exception {
        long listingsBefore = calls("findByCategory");
        long productsBefore = calls("findById");
        get("/products?category=accessories");
        get("/products/5");
        ticker.advance(Duration.ofSeconds(10));
        assertThat(get("/products?category=accessories").body()).contains("Wool socks");
        get("/products/5");
        assertThat(calls("findByCategory")).isEqualTo(listingsBefore + 2);
        assertThat(calls("findById")).isEqualTo(productsBefore + 1);
    }

    @Test
    void keyExpression_normalisesQueries_intoOneEntry() throws Exception {
        long before = calls("search");
        String first = get("/search?q=Jacket").body();
        String second = get("/search?q=jacket%20").body();
        assertThat(second).isEqualTo(first).contains("Rain jacket", "Down jacket");
        assertThat(calls("search")).isEqualTo(before + 1);
        assertThat(this.memory.getSync("catalogue:search:\"jacket:0\"", Object.class).isHit()).isTrue();
    }

    @Test
    void backendOverride_storesInCustomBackend_notInMemory() throws Exception {
        long before = calls("reviews");
        String first = get("/products/2/reviews").body();
        assertThat(get("/products/2/reviews").body()).isEqualTo(first).contains("Runs small");
        assertThat(calls("reviews")).isEqualTo(before + 1);
        assertThat(this.reviewsBackend.contains("catalogue:reviews:2")).isTrue();
        assertThat(this.memory.getSync("catalogue:reviews:2", Object.class).isHit()).isFalse();
    }

    @Test
    void explicitMemoryBackend_storesInMemory() throws Exception {
        get("/products/3/availability");
        // A handler's entry keeps its ETag and expiry with the value; the API answers the value itself.
        assertThat(this.memory.getSync("catalogue:availability:3", Object.class).isHit()).isTrue();
        assertThat(this.caches.get("availability", 3L, Map.class).value())
                .isEqualTo(Map.of("productId", 3L, "inStock", true));
    }

    @Test
    void put_removesTheProductAndTheListingsThatShowedIt() throws Exception {
        get("/products/6");
        get("/products?category=bags");
        long productLoads = calls("findById");
        long listingLoads = calls("findByCategory");
        HttpResponse<String> updated = send("PUT", "/products/6",
                "{\"name\":\"Trekking backpack\",\"category\":\"bags\",\"priceCents\":9900}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(get("/products/6").body()).contains("Trekking backpack");
        assertThat(get("/products?category=bags").body()).contains("Trekking backpack");
        assertThat(calls("findById")).isEqualTo(productLoads + 1);
        assertThat(calls("findByCategory")).isEqualTo(listingLoads + 1);
        assertThat(get("/products/6").body()).contains("Trekking backpack");
        assertThat(calls("findById")).isEqualTo(productLoads + 1);
    }

    @Test
    void delete_removesTheProductItsListingsAndItsReviews() throws Exception {
        get("/products/7");
        get("/products?category=bags");
        get("/products/7/reviews");
        assertThat(send("DELETE", "/products/7", null).statusCode()).isEqualTo(204);
        assertThat(get("/products/7").statusCode()).isEqualTo(404);
        assertThat(get("/products?category=bags").body()).doesNotContain("Water bottle");
        assertThat(this.reviewsBackend.contains("catalogue:reviews:7")).isFalse();
    }




    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {

        @Bean
        InMemoryCacheBackend memoryWithMovableClock() {
            return InMemoryCacheBackend.builder().ticker(ticker).build();
        }
    }
}

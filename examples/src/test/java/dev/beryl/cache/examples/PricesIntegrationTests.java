package dev.beryl.cache.examples;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slow prices endpoint over real HTTP: once a price is cached, no request waits for the pricing service. Time,
 * in the in-memory backend and for the freshness of entries, comes from a ticker that the tests move.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "catalogue.latency=0ms", "catalogue.price-latency=300ms" })
class PricesIntegrationTests extends CatalogueHttp {

    private static final FakeTicker ticker = new FakeTicker();

    @Autowired
    private PriceService prices;

    @Test
    void afterTheTtl_theLastPriceIsServedAtOnce_andRefreshedInTheBackground() throws Exception {
        String first = get("/prices/3").body();
        assertThat(first).contains("\"productId\":3");
        long quotes = this.prices.quotes();
        ticker.advance(Duration.ofSeconds(6));

        HttpResponse<String> stale = get("/prices/3");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> !get("/prices/3").body().equals(first));
        assertThat(this.prices.quotes()).isEqualTo(quotes + 1);
    }

    @Test
    void withinTheTtl_thePriceComesFromTheCache() throws Exception {
        String first = get("/prices/4").body();
        long quotes = this.prices.quotes();
        assertThat(get("/prices/4").body()).isEqualTo(first);
        assertThat(this.prices.quotes()).isEqualTo(quotes);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {

        @Bean
        InMemoryCacheBackend memoryWithMovableClock() {
            return InMemoryCacheBackend.builder().ticker(ticker).build();
        }

        @Bean
        CacheEngine engineWithMovableClock() {
            return CacheEngine.builder().clock(ticker.clock()).build();
        }
    }
}

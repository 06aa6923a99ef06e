package dev.beryl.cache.examples.reactive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebFlux example with its {@code redis} profile, over real HTTP: values are stored as their JSON. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "quotes.latency=0ms")
@ActiveProfiles("redis")
class QuotesOnRedisIntegrationTests extends QuotesHttp {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) {
        registry.add("beryl.cache.redis.url", () -> redis.server().uri());
    }

    @Test
    void quoteAndHistory_liveInRedisAsJson_andAreHits() throws Exception {
        int quotes = calls("quote");
        String first = get("/quotes/1").body();
        assertThat(get("/quotes/1").body()).isEqualTo(first);
        get("/quotes/1/history");
        get("/quotes/1/history");

        assertThat(calls("quote")).isEqualTo(quotes + 1);
        assertThat(redis.server().command("GET", "reactive:quotes:1"))
                .isEqualTo("{\"id\":1,\"symbol\":\"BRYL\",\"price\":101}");
        assertThat(redis.server().command("GET", "reactive:history:1")).isEqualTo("[98,99,100]");
    }
}

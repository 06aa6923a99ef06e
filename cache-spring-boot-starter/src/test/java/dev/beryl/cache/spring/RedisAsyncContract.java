package dev.beryl.cache.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.spring.AsyncQuotes.Quote;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Methods that return futures and publishers, cached in a real Redis through Lettuce's asynchronous API: what
 * standalone Redis and a Cluster must both do.
 */
abstract class RedisAsyncContract {

    final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(AsyncQuotes.class)
            .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.timeout=1s")
            .withPropertyValues(connection());

    /** The properties that point the starter at the Redis under test. */
    abstract String[] connection();

    /** A client of the Redis under test, to look at what was stored. */
    abstract RedisTestClient client();

    @BeforeEach
    @AfterEach
    void flush() throws Exception {
        try (RedisTestClient client = client()) {
            client.flushAll();
        }
    }

    @Nullable String get(String key) throws Exception {
        try (RedisTestClient client = client()) {
            return client.getString(key);
        }
    }

    @Test
    void future_storesTheValueAsJson_notTheFuture_andAHitContinuesOffTheEventLoop() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.future(5).get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(5, "q5"));
            assertThat(get("beryl:quotes:5")).isEqualTo("{\"id\":5,\"text\":\"q5\"}");

            AtomicReference<String> continuedOn = new AtomicReference<>();
            Quote hit = quotes.future(5).thenApply((quote) -> {
                continuedOn.set(Thread.currentThread().getName());
                return quote;
            }).get(5, TimeUnit.SECONDS);

            assertThat(hit).isEqualTo(new Quote(5, "q5"));
            assertThat(quotes.calls()).isEqualTo(1);
            assertThat(continuedOn.get()).doesNotContain("lettuce").doesNotContain("nioEventLoop")
                    .doesNotContain("epollEventLoop");
        });
    }

    @Test
    void monoAndFlux_storeTheirValueAndList_asJson() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.mono(3).block()).isEqualTo(new Quote(3, "m3"));
            assertThat(quotes.flux(4).collectList().block()).hasSize(2);

            assertThat(quotes.mono(3).block()).isEqualTo(new Quote(3, "m3"));
            assertThat(quotes.flux(4).collectList().block())
                    .containsExactly(new Quote(4, "first"), new Quote(4, "second"));
            assertThat(quotes.calls()).isEqualTo(2);
            assertThat(get("beryl:monos:3")).isEqualTo("{\"id\":3,\"text\":\"m3\"}");
            assertThat(get("beryl:fluxes:4"))
                    .isEqualTo("[{\"id\":4,\"text\":\"first\"},{\"id\":4,\"text\":\"second\"}]");
        });
    }

    @Test
    void monoAndStage_hitsContinueOffTheEventLoop() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.mono(8).block();
            quotes.stage(8).toCompletableFuture().get(5, TimeUnit.SECONDS);

            String monoThread = quotes.mono(8).map((quote) -> Thread.currentThread().getName()).block();
            String stageThread = quotes.stage(8).thenApply((quote) -> Thread.currentThread().getName())
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(quotes.calls()).isEqualTo(2);
            assertThat(get("beryl:stages:8")).isEqualTo("{\"id\":8,\"text\":\"s8\"}");
            for (String thread : new String[] { monoThread, stageThread }) {
                assertThat(thread).doesNotContain("lettuce").doesNotContain("EventLoop");
            }
        });
    }

    @Test
    void failures_andEmptyMonos_areNotCached() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> quotes.failing(1).get(5, TimeUnit.SECONDS));
            assertThat(quotes.failingMono(1).onErrorResume((failure) -> reactor.core.publisher.Mono
                    .just(new Quote(0, failure.getMessage()))).block()).isEqualTo(new Quote(0, "quote service down"));
            assertThat(quotes.emptyMono(1).hasElement().block()).isFalse();
            assertThat(quotes.emptyMonoKept(1).hasElement().block()).isFalse();
            assertThat(quotes.emptyMonoKept(1).hasElement().block()).isFalse();

            assertThat(get("beryl:failing:1")).isNull();
            assertThat(get("beryl:failingMonos:1")).isNull();
            assertThat(get("beryl:emptyMonos:1")).isNull();
            assertThat(get("beryl:emptyMonosKept:1")).isNotNull();
            assertThat(quotes.calls()).isEqualTo(4);
        });
    }

    @Test
    void twentyConcurrentColdCalls_shareOneCallOfTheMethod() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            CompletableFuture<Quote> slow = new CompletableFuture<>();
            quotes.answerWith(slow);
            List<CompletableFuture<Quote>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(quotes.future(7));
                calls.add(quotes.mono(7).toFuture());
            }
            // The lookups answer first (misses), then the one call of each method is made.
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> quotes.calls() == 2);
            slow.complete(new Quote(7, "slow"));

            for (CompletableFuture<Quote> call : calls) {
                assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(7, "slow"));
            }
            assertThat(quotes.calls()).isEqualTo(2);
            assertThat(quotes.calledOn()).startsWith("beryl-async-");
        });
    }

    @Test
    void putThroughAndInvalidation_onAsynchronousMethods_reachRedis() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.save(6, "saved").get(5, TimeUnit.SECONDS);
            assertThat(get("beryl:quotes:6")).isEqualTo("{\"id\":6,\"text\":\"saved\"}");

            quotes.remove(6).block();

            assertThat(get("beryl:quotes:6")).isNull();
        });
    }
}

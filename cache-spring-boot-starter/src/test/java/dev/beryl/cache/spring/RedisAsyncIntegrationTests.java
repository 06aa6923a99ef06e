package dev.beryl.cache.spring;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.spring.AsyncQuotes.Quote;

import static org.assertj.core.api.Assertions.assertThat;

/** Asynchronous methods on a standalone Redis, which can also be suspended and killed. */
class RedisAsyncIntegrationTests extends RedisAsyncContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @Override
    String[] connection() {
        return new String[] { "beryl.cache.redis.url=" + redis.server().uri() };
    }

    @Override
    RedisTestClient client() {
        return RedisTestClient.standalone(redis.server().uri());
    }

    @Test
    void suspendedRedis_everyCallStillCompletesWithTheMethodsValue_withinTheDeadline() {
        this.contextRunner.withPropertyValues("beryl.cache.redis.timeout=200ms").run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.future(1).get(5, TimeUnit.SECONDS);
            redis.server().suspend();
            try {
                for (int id = 1; id <= 3; id++) {
                    assertThat(quotes.future(id).get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(id, "q" + id));
                    assertThat(quotes.mono(id).block(java.time.Duration.ofSeconds(5)))
                            .isEqualTo(new Quote(id, "m" + id));
                }
            }
            finally {
                redis.server().resume();
            }
            assertThat(quotes.calls()).isEqualTo(7);
        });
    }

    @Test
    void killedRedis_everyCallStillCompletesWithTheMethodsValue() {
        this.contextRunner.withPropertyValues("beryl.cache.redis.timeout=200ms").run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.future(1).get(5, TimeUnit.SECONDS);
            redis.server().kill();
            try {
                for (int id = 1; id <= 3; id++) {
                    assertThat(quotes.future(id).get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(id, "q" + id));
                    assertThat(quotes.flux(id).collectList().block(java.time.Duration.ofSeconds(5))).hasSize(2);
                }
            }
            finally {
                redis.server().restart();
            }
            assertThat(quotes.calls()).isEqualTo(7);
        });
    }
}

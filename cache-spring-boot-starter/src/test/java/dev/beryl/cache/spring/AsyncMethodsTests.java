package dev.beryl.cache.spring;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.Disposable;

import dev.beryl.cache.spring.AsyncQuotes.Quote;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Methods that return {@code CompletableFuture}, {@code CompletionStage}, {@code Mono} or {@code Flux}, in memory. */
class AsyncMethodsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(AsyncQuotes.class);

    @Test
    void future_missThenHit_andTheHitIsAFutureThatIsAlreadyComplete() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.future(5).get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(5, "q5"));

            CompletableFuture<Quote> hit = quotes.future(5);

            assertThat(hit.isDone()).isTrue();
            assertThat(hit.get()).isEqualTo(new Quote(5, "q5"));
            assertThat(quotes.calls()).isEqualTo(1);
        });
    }

    @Test
    void completionStage_isCachedToo() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.stage(2).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(quotes.stage(2).toCompletableFuture().getNow(null)).isEqualTo(new Quote(2, "s2"));
            assertThat(quotes.calls()).isEqualTo(1);
        });
    }

    @Test
    void failedFuture_isNotCached_andFailsWithTheMethodsOwnException() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            AtomicReference<Throwable> seen = new AtomicReference<>();

            quotes.failing(1).exceptionally((failure) -> {
                seen.set(failure);
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> quotes.failing(1).get(5,
                    TimeUnit.SECONDS)).withCauseInstanceOf(IOException.class);

            assertThat(seen.get()).isInstanceOf(IOException.class).hasMessage("quote service down");
            assertThat(quotes.calls()).isEqualTo(2);
        });
    }

    @Test
    void nullValue_isNotCached_unlessCacheNull() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.absent(1).get(5, TimeUnit.SECONDS)).isNull();
            assertThat(quotes.absent(1).get(5, TimeUnit.SECONDS)).isNull();
            assertThat(quotes.calls()).isEqualTo(2);

            assertThat(quotes.absentKept(1).get(5, TimeUnit.SECONDS)).isNull();
            assertThat(quotes.absentKept(1).get(5, TimeUnit.SECONDS)).isNull();
            assertThat(quotes.calls()).isEqualTo(3);
        });
    }

    @Test
    void twentyConcurrentColdCalls_shareOneCallOfTheMethod() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            CompletableFuture<Quote> slow = new CompletableFuture<>();
            quotes.answerWith(slow);
            ExecutorService callers = Executors.newFixedThreadPool(20);
            try {
                List<CompletableFuture<Quote>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> quotes.future(7), callers)
                            .thenCompose((call) -> call));
                }
                for (int i = 0; i < 20; i++) {
                    calls.add(quotes.mono(7).toFuture());
                }
                slow.complete(new Quote(7, "slow"));
                for (CompletableFuture<Quote> call : calls) {
                    assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(7, "slow"));
                }
            }
            finally {
                callers.shutdownNow();
            }
            assertThat(quotes.calls()).isEqualTo(2);
        });
    }

    @Test
    void mono_callsNothingBeforeItIsSubscribedTo_thenCaches() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            var mono = quotes.mono(3);
            assertThat(quotes.calls()).isZero();

            assertThat(mono.block()).isEqualTo(new Quote(3, "m3"));
            AtomicReference<Quote> emitted = new AtomicReference<>();
            mono.subscribe(emitted::set);
            assertThat(emitted.get()).as("a memory hit emits during subscribe, on this thread")
                    .isEqualTo(new Quote(3, "m3"));
            assertThat(quotes.mono(3).block()).isEqualTo(new Quote(3, "m3"));
            assertThat(quotes.calls()).isEqualTo(1);
        });
    }

    @Test
    void emptyMono_isNotCached_unlessCacheNull_andStaysEmpty() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.emptyMono(1).hasElement().block()).isFalse();
            assertThat(quotes.emptyMono(1).hasElement().block()).isFalse();
            assertThat(quotes.calls()).isEqualTo(2);

            assertThat(quotes.emptyMonoKept(1).hasElement().block()).isFalse();
            assertThat(quotes.emptyMonoKept(1).hasElement().block()).isFalse();
            assertThat(quotes.calls()).isEqualTo(3);
        });
    }

    @Test
    void failingMono_isNotCached_andErrorsWithTheMethodsOwnException() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            assertThat(quotes.failingMono(1).onErrorResume((failure) -> reactor.core.publisher.Mono
                    .just(new Quote(0, failure.getClass().getSimpleName() + ": " + failure.getMessage()))).block())
                    .isEqualTo(new Quote(0, "IOException: quote service down"));
            quotes.failingMono(1).onErrorComplete().block();
            assertThat(quotes.calls()).isEqualTo(2);
        });
    }

    @Test
    void flux_isCollectedOnce_andReplayed() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            List<Quote> expected = List.of(new Quote(4, "first"), new Quote(4, "second"));

            assertThat(quotes.flux(4).collectList().block()).isEqualTo(expected);
            assertThat(quotes.flux(4).collectList().block()).isEqualTo(expected);
            assertThat(quotes.calls()).isEqualTo(1);
        });
    }

    @Test
    void cancelledSubscriber_doesNotCancelTheSharedCallForTheOthers() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            CompletableFuture<Quote> slow = new CompletableFuture<>();
            quotes.answerWith(slow);

            Disposable cancelled = quotes.mono(8).subscribe();
            CompletableFuture<Quote> other = quotes.mono(8).toFuture();
            cancelled.dispose();
            slow.complete(new Quote(8, "slow"));

            assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(8, "slow"));
            assertThat(slow.isCancelled()).isFalse();
            quotes.answerWith(null);
            assertThat(quotes.mono(8).block()).isEqualTo(new Quote(8, "slow"));
            assertThat(quotes.calls()).isEqualTo(1);
        });
    }

    @Test
    void putThrough_onAFuture_storesItsValueOnceItIsThere() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.future(6).get(5, TimeUnit.SECONDS);

            assertThat(quotes.save(6, "new").get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(6, "new"));

            assertThat(quotes.future(6).get(5, TimeUnit.SECONDS)).isEqualTo(new Quote(6, "new"));
            assertThat(quotes.calls()).isEqualTo(2);
        });
    }

    @Test
    void invalidation_onAMono_actsWhenItSucceeds_andNotWhenItFails() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            quotes.future(9).get(5, TimeUnit.SECONDS);

            var removal = quotes.remove(9);
            quotes.future(9).get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).as("nothing is removed before the Mono is subscribed to").isEqualTo(1);

            quotes.removeFailing(9).onErrorComplete().block();
            quotes.future(9).get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).as("a failed method removes nothing").isEqualTo(1);

            assertThat(removal.block()).isEqualTo("removed 9");
            quotes.future(9).get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).isEqualTo(2);
        });
    }

    @Test
    void unlessAndTags_seeTheValue_notTheFuture() {
        this.contextRunner.run((context) -> {
            AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
            CacheOperations caches = context.getBean(CacheOperations.class);
            quotes.tagged(1, "skip").get(5, TimeUnit.SECONDS);
            quotes.tagged(1, "skip").get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).as("unless kept the value out").isEqualTo(2);

            quotes.tagged(2, "kept").get(5, TimeUnit.SECONDS);
            quotes.tagged(2, "kept").get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).isEqualTo(3);

            caches.invalidateTag("quote:2");
            quotes.tagged(2, "kept").get(5, TimeUnit.SECONDS);
            assertThat(quotes.calls()).as("the tag of the value removed it").isEqualTo(4);
        });
    }
}

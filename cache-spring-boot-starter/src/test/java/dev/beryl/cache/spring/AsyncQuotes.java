package dev.beryl.cache.spring;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cached methods of every asynchronous return type, counting their calls; shared by the memory and Redis tests. */
public class AsyncQuotes {

    private final AtomicInteger calls = new AtomicInteger();

    /** When set, {@link #future} and {@link #mono} answer with it: a value that is not there yet. */
    private volatile @Nullable CompletableFuture<Quote> pending;

    /** The thread {@link #future} was last called on. */
    private volatile @Nullable String calledOn;

    @Cached(name = "quotes", key = "#id")
    public CompletableFuture<Quote> future(long id) {
        this.calls.incrementAndGet();
        this.calledOn = Thread.currentThread().getName();
        CompletableFuture<Quote> gate = this.pending;
        return (gate != null) ? gate : CompletableFuture.completedFuture(new Quote(id, "q" + id));
    }

    @Cached(name = "stages")
    public CompletionStage<Quote> stage(long id) {
        this.calls.incrementAndGet();
        return CompletableFuture.completedFuture(new Quote(id, "s" + id));
    }

    @Cached(name = "failing")
    public CompletableFuture<Quote> failing(long id) {
        this.calls.incrementAndGet();
        return CompletableFuture.failedFuture(new IOException("quote service down"));
    }

    @Cached(name = "absent")
    public CompletableFuture<@Nullable Quote> absent(long id) {
        this.calls.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Cached(name = "absentKept", cacheNull = true)
    public CompletableFuture<@Nullable Quote> absentKept(long id) {
        this.calls.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Cached(name = "monos")
    public Mono<Quote> mono(long id) {
        this.calls.incrementAndGet();
        CompletableFuture<Quote> gate = this.pending;
        return (gate != null) ? Mono.fromFuture(gate) : Mono.fromSupplier(() -> new Quote(id, "m" + id));
    }

    @Cached(name = "emptyMonos")
    public Mono<Quote> emptyMono(long id) {
        this.calls.incrementAndGet();
        return Mono.empty();
    }

    @Cached(name = "emptyMonosKept", cacheNull = true)
    public Mono<Quote> emptyMonoKept(long id) {
        this.calls.incrementAndGet();
        return Mono.empty();
    }

    @Cached(name = "failingMonos")
    public Mono<Quote> failingMono(long id) {
        this.calls.incrementAndGet();
        return Mono.error(new IOException("quote service down"));
    }

    @Cached(name = "fluxes")
    public Flux<Quote> flux(long id) {
        this.calls.incrementAndGet();
        return Flux.just(new Quote(id, "first"), new Quote(id, "second"));
    }

    /** Stored unless the quote says "skip"; tagged with its id. */
    @Cached(name = "tagged", unless = "#result.text() == 'skip'", tags = "'quote:' + #id")
    public CompletableFuture<Quote> tagged(long id, String text) {
        this.calls.incrementAndGet();
        return CompletableFuture.completedFuture(new Quote(id, text));
    }

    @CachePut(name = "quotes", key = "#id")
    public CompletableFuture<Quote> save(long id, String text) {
        this.calls.incrementAndGet();
        return CompletableFuture.completedFuture(new Quote(id, text));
    }

    @CacheInvalidate(name = "quotes", key = "#id")
    public Mono<String> remove(long id) {
        return Mono.just("removed " + id);
    }

    @CacheInvalidate(name = "quotes", key = "#id")
    public Mono<String> removeFailing(long id) {
        return Mono.error(new IOException("not removed"));
    }

    public int calls() {
        return this.calls.get();
    }

    public @Nullable String calledOn() {
        return this.calledOn;
    }

    public void answerWith(@Nullable CompletableFuture<Quote> pending) {
        this.pending = pending;
    }

    public record Quote(long id, String text) {
    }
}

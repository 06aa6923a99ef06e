package dev.beryl.cache.benchmarks.faults;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * A custom backend as a user would write one (only the asynchronous methods, so the engine's synchronous calls wait
 * for its futures), over an in-memory store with tags, whose every operation can be made slow or made to hang:
 * {@link Mode#SLOW} completes each future after a delay, {@link Mode#HANG} never completes it. The mode applies to
 * operations started while it is set; operations that hung stay hung, as they would against a store that lost them.
 */
final class FaultyCacheBackend implements TaggingCacheBackend {

    /** What the backend does with the operations that start now. */
    enum Mode {
        /** Answers at once. */
        NORMAL,
        /** Answers after the delay. */
        SLOW,
        /** Never answers. */
        HANG
    }

    private final TaggingCacheBackend store = InMemoryCacheBackend.create();

    private volatile Mode mode = Mode.NORMAL;

    private volatile Duration delay = Duration.ofSeconds(1);

    void fault(Mode mode, Duration delay) {
        this.delay = delay;
        this.mode = mode;
    }

    Mode mode() {
        return this.mode;
    }

    Duration delay() {
        return this.delay;
    }

    @Override
    public CompletableFuture<CacheLookup> get(String key, Type valueType) {
        return faulty(() -> this.store.get(key, valueType));
    }

    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl) {
        return faulty(() -> this.store.set(key, value, ttl));
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return faulty(() -> this.store.delete(key));
    }

    @Override
    public CompletableFuture<Void> clear(String namespace) {
        return faulty(() -> this.store.clear(namespace));
    }

    @Override
    public CompletableFuture<Void> set(String key, @Nullable Object value, Duration ttl, Set<String> tags) {
        return faulty(() -> this.store.set(key, value, ttl, tags));
    }

    @Override
    public CompletableFuture<Void> invalidateTag(String tag) {
        return faulty(() -> this.store.invalidateTag(tag));
    }

    private <T> CompletableFuture<T> faulty(Supplier<CompletableFuture<T>> operation) {
        return switch (this.mode) {
            case NORMAL -> operation.get();
            // The operation itself runs when the delay has passed, as a slow remote store would apply it.
            case SLOW -> CompletableFuture.supplyAsync(operation, later(this.delay)).thenCompose((future) -> future);
            case HANG -> new CompletableFuture<>();
        };
    }

    private static Executor later(Duration delay) {
        return CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}

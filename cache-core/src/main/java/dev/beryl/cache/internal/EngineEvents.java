package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheEvent;
import dev.beryl.cache.CacheEvent.Kind;
import dev.beryl.cache.CacheEventListener;

/**
 * What the engine tells: events to the listeners, on the calling thread and in order (one that throws is logged and
 * skipped), and failures to the rate-limited log; and, with fail-open off, a backend's failure to the caller.
 */
final class EngineEvents {

    private final RateLimitedLog failureLog;

    private final boolean failOpen;

    private final CacheEventListener[] listeners;

    /** Cache name → backend failures of its calls, one adder per {@link BackendErrorKind}. */
    private final ConcurrentMap<String, LongAdder[]> errors = new ConcurrentHashMap<>();

    EngineEvents(boolean failOpen, Duration failureLogInterval, List<? extends CacheEventListener> listeners) {
        this.failOpen = failOpen;
        this.failureLog = new RateLimitedLog(failureLogInterval);
        this.listeners = listeners.toArray(CacheEventListener[]::new);
    }

    boolean failOpen() {
        return this.failOpen;
    }

    /** Whether anyone listens, so that a call measures its time only then. */
    boolean listening() {
        return this.listeners.length > 0;
    }

    /** Counts and logs a failure that made a call go on without the cache. */
    void record(String source, String what, Throwable failure) {
        this.failureLog.record(source, what, failure);
    }

    /** Counts and logs a result left uncached because deciding whether and how to store it threw. */
    void storeDecisionFailed(CacheDefinition cache, String key, RuntimeException failure) {
        record("cache '" + cache.name() + "'", "decide whether and how to store " + key, failure);
    }

    /**
     * Asks a miss handler how to store a result (whether to share it, with which tags); one that throws is counted
     * and logged, and the answer is {@code onFailure}, which neither shares nor stores.
     */
    <T> @Nullable T decide(CacheDefinition cache, String key, Supplier<@Nullable T> decision, @Nullable T onFailure) {
        try {
            return decision.get();
        }
        catch (RuntimeException ex) {
            storeDecisionFailed(cache, key, ex);
            return onFailure;
        }
    }

    long failures() {
        return this.failureLog.failures();
    }

    /** Backend failures of the calls of a cache, of one kind. */
    long errors(String cacheName, BackendErrorKind kind) {
        LongAdder[] counts = this.errors.get(cacheName);
        return (counts != null) ? counts[kind.ordinal()].sum() : 0;
    }

    private void countError(@Nullable String cacheName, Throwable failure) {
        if (cacheName == null) {
            return;
        }
        this.errors.computeIfAbsent(cacheName, (name) -> {
            LongAdder[] counts = new LongAdder[BackendErrorKind.values().length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
            return counts;
        })[BackendErrorKind.of(failure).ordinal()].increment();
    }

    /**
     * Counts, logs and tells of a backend's failure; with fail-open off, throws the backend's own exception.
     */
    void backendFailed(@Nullable String cacheName, String backendName, String what, RuntimeException thrown) {
        RuntimeException failure = unwrap(thrown);
        countError(cacheName, failure);
        this.failureLog.record("backend '" + backendName + "'", what, failure);
        emit(Kind.ERROR, cacheName, what, backendName, 0, failure);
        if (!this.failOpen) {
            throw failure;
        }
    }

    /** A backend's failure that came after its call had returned: counted, logged and told, never thrown. */
    void failedInTheBackground(CacheDefinition cache, String what, @Nullable Throwable failure) {
        if (failure != null) {
            RuntimeException ex = unwrap((failure instanceof RuntimeException runtime) ? runtime
                    : new CompletionException(failure));
            countError(cache.name(), ex);
            this.failureLog.record("backend '" + cache.backendName() + "'", what, ex);
            emit(Kind.ERROR, cache.name(), what, cache.backendName(), 0, ex);
        }
    }

    void emit(Kind kind, @Nullable String cacheName, String key, String backendName, long startedNanos,
            @Nullable Throwable failure) {
        if (this.listeners.length == 0) {
            return;
        }
        Duration duration = (startedNanos != 0) ? Duration.ofNanos(System.nanoTime() - startedNanos) : Duration.ZERO;
        CacheEvent event = new CacheEvent(kind, cacheName, key, backendName, duration, failure);
        for (CacheEventListener listener : this.listeners) {
            try {
                listener.onEvent(event);
            }
            catch (RuntimeException ex) {
                this.failureLog.record("listener " + listener.getClass().getName(), "handle " + kind, ex);
            }
        }
    }

    /** The backend's own exception, rather than the {@code CompletionException} that a joined future wraps it in. */
    private static RuntimeException unwrap(RuntimeException ex) {
        return (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) ? cause : ex;
    }
}

package dev.beryl.cache.internal;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.Tags;

/**
 * What an asynchronous cached call does on a miss: start computing the value, typically by calling a method that
 * returns a {@code CompletableFuture} or a publisher, and decide whether and with which tags to store it once it is
 * there. The asynchronous counterpart of {@link MissHandler}.
 *
 * @param <C> what a call carries
 */
@FunctionalInterface
public interface AsyncMissHandler<C> {

    /**
     * Starts computing the value of a miss. The stage completes with the value, or exceptionally with what the
     * method failed with, which reaches the caller unchanged and is not cached. Throwing is a failure too.
     */
    CompletionStage<?> load(C call) throws Throwable;

    /**
     * The tags to store {@code result} with (full tag ids, see {@link Tags#id}), empty for none, or {@code null} to
     * not store it at all. Stores every result without tags unless overridden.
     */
    default @Nullable Set<String> tagsFor(C call, @Nullable Object result) {
        return Set.of();
    }

    /**
     * Whether {@code result} may be handed to the other callers that waited for this load. A result that belongs to
     * this call alone (an HTTP response that sets a cookie, say) is not: it is neither stored nor shared, and each
     * waiting caller runs the method itself. Every result is shared unless overridden.
     */
    default boolean shareable(C call, @Nullable Object result) {
        return true;
    }

    /** Told once this call's loaded value was stored (not when the store was fenced, failed or ran out of time). */
    default void stored(C call) {
    }

    /**
     * The call as a background refresh of a stale entry loads it, on another thread after this call has returned:
     * a copy that shares no mutable state with the caller's. The call itself unless overridden.
     */
    default C detach(C call) {
        return call;
    }

    /** Told when this call was handed the value that another call's load of the same key produced. */
    default void joined(C call) {
    }
}

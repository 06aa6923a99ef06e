package dev.beryl.cache.spring.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.AsyncMissHandler;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.MissHandler;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.memory.InMemoryCacheBackend;

/**
 * What {@code @Cached} on one method does: answer from its cache, or run the method and store the result under
 * its key and tags. Built and checked once, when the application starts, and immutable.
 */
final class CachedOperation {

    private final EntrySpec entry;

    /** A miss runs the method and stores its result without tags. */
    private static final MissHandler<MethodInvocation> PROCEED = new MissHandler<>() {

        @Override
        public @Nullable Object load(MethodInvocation invocation) throws Throwable {
            return invocation.proceed();
        }

        @Override
        public MethodInvocation detach(MethodInvocation invocation) {
            return SuspendingFunctions.detached(invocation);
        }
    };

    private final boolean keyTellsTargetsApart;

    /** A miss runs the method, then asks {@code unless} and the tags of the result. */
    private final MissHandler<Call> perResult;

    /** How the method's future or publisher is cached, or {@code null} for a method that returns its value. */
    private final @Nullable AsyncReturn async;

    /** A miss of an asynchronous method runs it and stores its value without tags. */
    private final AsyncMissHandler<MethodInvocation> proceedAsync;

    /** A miss of an asynchronous method runs it, then asks {@code unless} and the tags of its value. */
    private final AsyncMissHandler<Call> perResultAsync;

    /** What the operation does about the HTTP request a call answers, or {@code null} where nothing applies. */
    private final @Nullable HttpCaching http;

    /**
     * Whether keys of one integral number are looked up as {@link NumberKey}s, without their text: on the in-memory
     * backend, for caches without stale windows.
     */
    private final boolean heldKeys;

    CachedOperation(EntrySpec entry, boolean keyTellsTargetsApart, @Nullable AsyncReturn async,
            @Nullable HttpCaching http) {
        this.entry = entry;
        this.http = http;
        this.keyTellsTargetsApart = keyTellsTargetsApart;
        this.async = async;
        this.heldKeys = entry.cache().backend() instanceof InMemoryCacheBackend && !entry.cache().stale();
        this.proceedAsync = new AsyncMissHandler<>() {

            @Override
            public CompletionStage<?> load(MethodInvocation invocation) {
                return proceed(async, invocation);
            }

            @Override
            public MethodInvocation detach(MethodInvocation invocation) {
                return SuspendingFunctions.detached(invocation);
            }
        };
        this.perResultAsync = new AsyncMissHandler<>() {

            @Override
            public CompletionStage<?> load(Call call) {
                return proceed(async, call.invocation());
            }

            @Override
            public @Nullable Set<String> tagsFor(Call call, @Nullable Object result) {
                return entry.tagsToStore(call, result);
            }

            @Override
            public boolean shareable(Call call, @Nullable Object result) {
                return entry.shareable(result);
            }

            @Override
            public Call detach(Call call) {
                return call.detached();
            }
        };
        this.perResult = new MissHandler<>() {

            @Override
            public @Nullable Object load(Call call) throws Throwable {
                return call.proceed();
            }

            @Override
            public @Nullable Set<String> tagsFor(Call call, @Nullable Object result) {
                return entry.tagsToStore(call, result);
            }

            @Override
            public boolean shareable(Call call, @Nullable Object result) {
                return entry.shareable(result);
            }

            @Override
            public Call detach(Call call) {
                return call.detached();
            }
        };
    }

    /**
     * Whether a call needs nothing but its arguments: no condition, unless or tags, and a key made of arguments.
     * Such calls skip the per-call context.
     */
    boolean argumentsOnly() {
        return this.http == null && this.entry.condition() == null && !this.entry.decidesPerResult() && this.entry.key().argumentsOnly();
    }

    /**
     * The call of an {@link #argumentsOnly()} operation: a hit allocates nothing but its key.
     * @param targetClass the class of the target, as Spring AOP names it
     */
    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, Class<?> targetClass) throws Throwable {
        CacheDefinition cache = this.entry.cache();
        Object key;
        try {
            key = argumentsKey(cache, invocation, targetClass);
        }
        catch (RuntimeException ex) {
            return keyFailed(engine, invocation, ex);
        }
        return (key instanceof NumberKey number) ? engine.get(cache, number, invocation, PROCEED)
                : engine.get(cache, (String) key, invocation, PROCEED);
    }

    /**
     * The key of an {@link #argumentsOnly()} call: a {@link NumberKey} where calls {@link #holdsNumberKeys() hold
     * them} and the key is one integral number, else its text.
     */
    private Object argumentsKey(CacheDefinition cache, MethodInvocation invocation, Class<?> targetClass) {
        return this.heldKeys ? this.entry.key().heldKey(cache.namespace(), invocation, targetClass)
                : this.entry.key().key(cache.namespace(), invocation, targetClass);
    }

    /** Whether calls look keys of one integral number up as {@link NumberKey}s, without their text. */
    boolean holdsNumberKeys() {
        return this.heldKeys;
    }

    /** Whether the key depends on the bean called, so that two beans of one class keep apart entries. */
    boolean keyTellsTargetsApart() {
        return this.keyTellsTargetsApart;
    }

    /** The cache this method reads and writes. */
    CacheDefinition cache() {
        return this.entry.cache();
    }

    /** The method as messages name it, e.g. {@code ProductController.product(long)}. */
    String description() {
        return this.entry.description();
    }

    /** Whether calls need the HTTP request they answer. */
    boolean usesRequest() {
        return this.http != null;
    }

    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, Call call) throws Throwable {
        if (this.http != null) {
            return this.http.invoke(engine, invocation, call);
        }
        String fullKey;
        try {
            if (this.entry.condition() != null && !this.entry.condition().isTrue(call)) {
                return invocation.proceed();
            }
            fullKey = this.entry.fullKey(call);
        }
        catch (RuntimeException ex) {
            return keyFailed(engine, invocation, ex);
        }
        if (!this.entry.decidesPerResult()) {
            return engine.get(this.entry.cache(), fullKey, invocation, PROCEED);
        }
        return engine.get(this.entry.cache(), fullKey, call, this.perResult);
    }

    /**
     * The call of an asynchronous method: the future of its value, from the cache or from the method.
     * @param call the call's record, or {@code null} for an {@link #argumentsOnly()} operation
     * @param targetClass the class of the target, as Spring AOP names it
     * @param request the HTTP request the call answers, where the operation {@link #usesRequest() uses it}
     */
    CompletableFuture<@Nullable Object> invokeAsync(CacheEngine engine, MethodInvocation invocation,
            @Nullable Call call, Class<?> targetClass, @Nullable RequestView request) {
        if (this.http != null && call != null) {
            return this.http.invokeAsync(engine, invocation, call, request, Objects.requireNonNull(this.async));
        }
        CacheDefinition cache = this.entry.cache();
        Object fullKey;
        try {
            if (call != null && this.entry.condition() != null && !this.entry.condition().isTrue(call)) {
                return proceed(this.async, invocation);
            }
            fullKey = (call != null) ? this.entry.fullKey(call) : argumentsKey(cache, invocation, targetClass);
        }
        catch (RuntimeException ex) {
            engine.reportFailure(description(), "build the key of a call to " + description(), ex);
            return proceed(this.async, invocation);
        }
        if (fullKey instanceof NumberKey number) {
            return engine.getAsync(cache, number, invocation, this.proceedAsync);
        }
        if (call == null || !this.entry.decidesPerResult()) {
            return engine.getAsync(cache, (String) fullKey, invocation, this.proceedAsync);
        }
        return engine.getAsync(cache, (String) fullKey, call, this.perResultAsync);
    }

    /** Runs an asynchronous method: the future of its value, or a failed future for what it threw. */
    static CompletableFuture<@Nullable Object> proceed(@Nullable AsyncReturn async, MethodInvocation invocation) {
        try {
            // A future of our own: the method's stage need not support toCompletableFuture(), and is never
            // completed or cancelled from here.
            CompletableFuture<@Nullable Object> value = new CompletableFuture<>();
            Objects.requireNonNull(async).toStage(invocation.proceed()).whenComplete((result, failure) -> {
                if (failure != null) {
                    value.completeExceptionally(failure);
                }
                else {
                    value.complete(result);
                }
            });
            return value;
        }
        catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private @Nullable Object keyFailed(CacheEngine engine, MethodInvocation invocation, RuntimeException failure)
            throws Throwable {
        engine.reportFailure(description(), "build the key of a call to " + description(), failure);
        return invocation.proceed();
    }
}

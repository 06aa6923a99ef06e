package dev.beryl.cache.spring.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;

import dev.beryl.cache.internal.CacheEngine;

/**
 * Everything the cache annotations of one method do, in order: invalidations before the call, the lookup (or the
 * call itself), invalidations after the call, then the put-through, so that a method that stores its new value and
 * invalidates the tags of the old one keeps the new value. Built and checked once, when the application starts.
 * When the method throws, nothing after the call happens.
 */
final class MethodCachePlan {

    private final String description;

    private final @Nullable CachedOperation cached;

    private final @Nullable PutOperation put;

    private final List<InvalidateOperation> invalidations;

    private final boolean anyBefore;

    /** Only a lookup whose key comes from the arguments: no context to build. */
    private final boolean argumentsOnly;

    /** The strategies every call's expressions share, see {@link CachedExpressions#shared()}. */
    private final EvaluationContext sharedContext;

    /** What the method's parameters are called, for every call's expressions. */
    private final MethodArguments parameters;

    /** How the method's future or publisher is cached, or {@code null} for a method that returns its value. */
    private final @Nullable AsyncReturn async;

    /** Whether a call needs the HTTP request it answers, for its scope or headers. */
    private final boolean needsRequest;

    MethodCachePlan(String description, @Nullable CachedOperation cached, @Nullable PutOperation put,
            List<InvalidateOperation> invalidations, CachedExpressions expressions, MethodArguments parameters,
            @Nullable AsyncReturn async) {
        this.description = description;
        this.cached = cached;
        this.put = put;
        this.invalidations = List.copyOf(invalidations);
        this.anyBefore = invalidations.stream().anyMatch(InvalidateOperation::beforeInvocation);
        this.argumentsOnly = cached != null && put == null && invalidations.isEmpty() && cached.argumentsOnly();
        this.sharedContext = expressions.shared();
        this.parameters = parameters;
        this.async = async;
        this.needsRequest = (cached != null && cached.usesRequest()) || (put != null && put.usesRequest());
    }

    /** The {@code @Cached} operation, if the method has one. */
    @Nullable CachedOperation cached() {
        return this.cached;
    }

    /** The method as messages name it. */
    String description() {
        return this.description;
    }

    List<InvalidateOperation> invalidations() {
        return this.invalidations;
    }

    /**
     * Runs one call.
     * @param invocation the call, whose target is not {@code null}
     * @param targetClass the class of the target, as Spring AOP names it
     */
    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, Class<?> targetClass) throws Throwable {
        AsyncReturn async = this.async;
        if (async != null) {
            return async.fromFuture((request) -> invokeAsync(engine, async.invocation(invocation), targetClass,
                    request), this.needsRequest);
        }
        if (this.argumentsOnly) {
            return this.cached.invoke(engine, invocation, targetClass);
        }
        Call call = new Call(invocation, targetClass, this.parameters, this.sharedContext);
        if (this.anyBefore) {
            applyInvalidations(engine, call, true);
        }
        Object result = (this.cached != null) ? this.cached.invoke(engine, invocation, call) : invocation.proceed();
        if (this.put != null || !this.invalidations.isEmpty()) {
            call.result(result);
        }
        applyInvalidations(engine, call, false);
        if (this.put != null) {
            this.put.apply(engine, call, result, this.put.usesRequest() ? HttpCaching.currentRequest() : null);
        }
        return result;
    }

    /**
     * Runs one call of a method that returns a future or a publisher, or suspends, without blocking the caller:
     * invalidations before the call, the lookup (or the call itself), then, once the value is there, the
     * invalidations after the call and the put-through. Writes that may wait for a backend run on the engine's
     * threads. When the method fails, nothing after the call happens.
     */
    private CompletableFuture<@Nullable Object> invokeAsync(CacheEngine engine, MethodInvocation invocation,
            Class<?> targetClass, @Nullable RequestView request) {
        CachedOperation cached = this.cached;
        if (this.argumentsOnly && cached != null) {
            return cached.invokeAsync(engine, invocation, null, targetClass, null);
        }
        Call call = new Call(invocation, targetClass, this.parameters, this.sharedContext);
        Supplier<CompletableFuture<@Nullable Object>> run = () -> (cached != null)
                ? cached.invokeAsync(engine, invocation, call, targetClass, request)
                : CachedOperation.proceed(this.async, invocation);
        CompletableFuture<@Nullable Object> result = this.anyBefore
                ? engine.runWrites(() -> applyInvalidations(engine, call, true)).thenCompose((done) -> run.get())
                : run.get();
        if (this.put == null && this.invalidations.isEmpty()) {
            return result;
        }
        return result.thenCompose((value) -> engine.runWrites(() -> {
            call.result(value);
            applyInvalidations(engine, call, false);
            if (this.put != null) {
                this.put.apply(engine, call, value, request);
            }
        }).thenApply((done) -> value));
    }

    private void applyInvalidations(CacheEngine engine, Call call, boolean before) {
        for (InvalidateOperation invalidation : this.invalidations) {
            if (invalidation.beforeInvocation() == before) {
                invalidation.apply(engine, call);
            }
        }
    }
}

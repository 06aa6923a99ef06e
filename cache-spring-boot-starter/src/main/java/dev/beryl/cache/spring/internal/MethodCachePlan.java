package dev.beryl.cache.spring.internal;

import java.util.List;

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

    MethodCachePlan(String description, @Nullable CachedOperation cached, @Nullable PutOperation put,
            List<InvalidateOperation> invalidations, CachedExpressions expressions, MethodArguments parameters) {
        this.description = description;
        this.cached = cached;
        this.put = put;
        this.invalidations = List.copyOf(invalidations);
        this.anyBefore = invalidations.stream().anyMatch(InvalidateOperation::beforeInvocation);
        this.argumentsOnly = cached != null && put == null && invalidations.isEmpty() && cached.argumentsOnly();
        this.sharedContext = expressions.shared();
        this.parameters = parameters;
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
        if (this.argumentsOnly) {
            return this.cached.invoke(engine, invocation, targetClass);
        }
        Call call = new Call(invocation, targetClass, this.parameters, this.sharedContext);
        if (this.anyBefore) {
            for (InvalidateOperation invalidation : this.invalidations) {
                if (invalidation.beforeInvocation()) {
                    invalidation.apply(engine, call);
                }
            }
        }
        Object result = (this.cached != null) ? this.cached.invoke(engine, invocation, call) : invocation.proceed();
        if (this.put != null || !this.invalidations.isEmpty()) {
            call.result(result);
        }
        for (InvalidateOperation invalidation : this.invalidations) {
            if (!invalidation.beforeInvocation()) {
                invalidation.apply(engine, call);
            }
        }
        if (this.put != null) {
            this.put.apply(engine, call, result);
        }
        return result;
    }
}

package dev.beryl.cache.spring;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;

import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.CacheEngine;
import dev.beryl.cache.StorePolicy;

/**
 * What {@code @Cached} on one method does: answer from its cache, or run the method and store the result under
 * its key and tags. Built and checked once, when the application starts, and immutable.
 */
public final class CachedOperation {

    private final CacheDefinition cache;

    private final String description;

    private final KeyRule key;

    private final @Nullable Expression condition;

    private final @Nullable Expression unless;

    private final TagRule tags;

    private final boolean keyTellsTargetsApart;

    CachedOperation(CacheDefinition cache, String description, KeyRule key, boolean keyTellsTargetsApart,
            @Nullable Expression condition, @Nullable Expression unless, TagRule tags) {
        this.cache = cache;
        this.description = description;
        this.key = key;
        this.keyTellsTargetsApart = keyTellsTargetsApart;
        this.condition = condition;
        this.unless = unless;
        this.tags = tags;
    }

    /**
     * Whether a call needs nothing but its arguments: no condition, unless or tags, and a key made of arguments.
     * Such calls skip the per-call context.
     */
    boolean argumentsOnly() {
        return this.condition == null && this.unless == null && this.tags.isEmpty() && this.key.argumentsOnly();
    }

    /** The call of an {@link #argumentsOnly()} operation. */
    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation) throws Throwable {
        String fullKey;
        try {
            fullKey = this.cache.key(this.key.part(invocation.getArguments()));
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.description, "build the key of a call to " + this.description, ex);
            return invocation.proceed();
        }
        return engine.getOrLoad(this.cache, fullKey, invocation::proceed, StorePolicy.ALWAYS);
    }

    /** Whether the key depends on the bean called, so that two beans of one class keep apart entries. */
    boolean keyTellsTargetsApart() {
        return this.keyTellsTargetsApart;
    }

    /** The cache this method reads and writes. */
    public CacheDefinition cache() {
        return this.cache;
    }

    /** The method as messages name it, e.g. {@code ProductController.product(long)}. */
    public String description() {
        return this.description;
    }

    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, CallContext call) throws Throwable {
        String fullKey;
        try {
            if (this.condition != null && !call.isTrue(this.condition)) {
                return invocation.proceed();
            }
            fullKey = this.cache.key(this.key.part(call));
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.description, "build the key of a call to " + this.description, ex);
            return invocation.proceed();
        }
        return engine.getOrLoad(this.cache, fullKey, invocation::proceed, storePolicy(call));
    }

    private StorePolicy storePolicy(CallContext call) {
        if (this.unless == null && this.tags.isEmpty()) {
            return StorePolicy.ALWAYS;
        }
        return (result) -> {
            call.result(result);
            if (this.unless != null && call.isTrue(this.unless)) {
                return null;
            }
            return this.tags.ids(call);
        };
    }
}

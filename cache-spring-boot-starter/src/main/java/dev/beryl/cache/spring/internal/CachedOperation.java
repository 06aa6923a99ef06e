package dev.beryl.cache.spring.internal;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.CacheEngine;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.StorePolicy;

/**
 * What {@code @Cached} on one method does: answer from its cache, or run the method and store the result under
 * its key and tags. Built and checked once, when the application starts, and immutable.
 */
final class CachedOperation {

    private final EntrySpec entry;

    private final boolean keyTellsTargetsApart;

    CachedOperation(EntrySpec entry, boolean keyTellsTargetsApart) {
        this.entry = entry;
        this.keyTellsTargetsApart = keyTellsTargetsApart;
    }

    /**
     * Whether a call needs nothing but its arguments: no condition, unless or tags, and a key made of arguments.
     * Such calls skip the per-call context.
     */
    boolean argumentsOnly() {
        return this.entry.condition() == null && !this.entry.decidesPerResult() && this.entry.key().argumentsOnly();
    }

    /** The call of an {@link #argumentsOnly()} operation: a hit allocates nothing but its key. */
    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation) throws Throwable {
        CacheDefinition cache = this.entry.cache();
        String fullKey;
        try {
            fullKey = this.entry.key().key(cache.namespace(), invocation.getArguments());
        }
        catch (RuntimeException ex) {
            return keyFailed(engine, invocation, ex);
        }
        CacheLookup cached = engine.lookup(cache, fullKey);
        if (cached.isHit()) {
            return cached.value();
        }
        return engine.loadAfterMiss(cache, fullKey, cached, invocation::proceed, StorePolicy.ALWAYS);
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

    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, CallContext call) throws Throwable {
        String fullKey;
        try {
            if (this.entry.condition() != null && !call.isTrue(this.entry.condition())) {
                return invocation.proceed();
            }
            fullKey = this.entry.fullKey(call);
        }
        catch (RuntimeException ex) {
            return keyFailed(engine, invocation, ex);
        }
        CacheLookup cached = engine.lookup(this.entry.cache(), fullKey);
        if (cached.isHit()) {
            return cached.value();
        }
        StorePolicy policy = this.entry.decidesPerResult() ? (result) -> this.entry.tagsToStore(call, result)
                : StorePolicy.ALWAYS;
        return engine.loadAfterMiss(this.entry.cache(), fullKey, cached, invocation::proceed, policy);
    }

    private @Nullable Object keyFailed(CacheEngine engine, MethodInvocation invocation, RuntimeException failure)
            throws Throwable {
        engine.reportFailure(description(), "build the key of a call to " + description(), failure);
        return invocation.proceed();
    }
}

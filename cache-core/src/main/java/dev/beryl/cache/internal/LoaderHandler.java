package dev.beryl.cache.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/** A miss of {@link CacheEngine#getOrLoad}: runs its loader, and the policy decides how to store. */
record LoaderHandler(StorePolicy policy) implements MissHandler<CacheLoader> {

    private static final LoaderHandler ALWAYS = new LoaderHandler(StorePolicy.ALWAYS);

    static LoaderHandler of(StorePolicy policy) {
        return (policy == StorePolicy.ALWAYS) ? ALWAYS : new LoaderHandler(policy);
    }

    @Override
    public @Nullable Object load(CacheLoader call) throws Throwable {
        return call.load();
    }

    @Override
    public @Nullable Set<String> tagsFor(CacheLoader call, @Nullable Object result) {
        return this.policy.tagsFor(result);
    }
}

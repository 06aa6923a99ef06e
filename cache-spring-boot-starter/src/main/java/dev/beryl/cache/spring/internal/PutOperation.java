package dev.beryl.cache.spring.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.key.KeyParts;

/**
 * What {@code @CachePut} on one method does once it returned: store its result under the key and tags. Into a cache
 * whose {@code @Cached} methods have a scope, it stores where they would look for this request: under the user's
 * key, or the headers' values; a request that may not write the shared entry (a signed-in one, under {@code AUTO})
 * removes the entry instead, whose value is out of date now.
 */
final class PutOperation {

    private final EntrySpec entry;

    private final @Nullable RequestScope target;

    /** @param target who shares the entries of the cache, or {@code null} when everyone does */
    PutOperation(EntrySpec entry, @Nullable RequestScope target) {
        this.entry = entry;
        this.target = target;
    }

    /** Whether a put needs the HTTP request it is made in. */
    boolean usesRequest() {
        return this.target != null;
    }

    /**
     * Stores the call's result; a key or tag that cannot be made is reported and the result left uncached.
     * @param request the HTTP request of the call, where {@link #usesRequest()}, else {@code null}
     */
    void apply(CacheEngine engine, Call call, @Nullable Object result, @Nullable RequestView request) {
        if (result == null && !this.entry.cache().cacheNull()) {
            return;
        }
        CacheDefinition cache = this.entry.cache();
        String fullKey;
        Set<String> tagIds;
        try {
            if (this.entry.condition() != null && !this.entry.condition().isTrue(call)) {
                return;
            }
            tagIds = this.entry.tagsToStore(call, result);
            if (tagIds == null) {
                return;
            }
            RequestScope target = this.target;
            if (target == null) {
                fullKey = this.entry.fullKey(call);
            }
            else {
                String part = this.entry.key().part(call);
                String scoped = target.part(request);
                if (scoped == null) {
                    invalidate(engine, cache, target, part);
                    return;
                }
                fullKey = KeyParts.fullKey(cache.namespace(), scoped + part);
                if (target.perRequest()) {
                    tagIds = new LinkedHashSet<>(tagIds);
                    tagIds.add(target.keyTag(part));
                }
            }
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.entry.description(), "store the result of " + this.entry.description(), ex);
            return;
        }
        engine.put(cache, fullKey, CachedResponse.wrapFor(cache, result), tagIds);
    }

    /**
     * Removes every entry of a key part: the shared one, and, where entries are kept per user or header value, all
     * of those, through the tag they carry.
     */
    static void invalidate(CacheEngine engine, CacheDefinition cache, @Nullable RequestScope scope, String part) {
        engine.invalidate(cache, KeyParts.fullKey(cache.namespace(), part));
        if (scope != null && scope.perRequest()) {
            engine.invalidateTag(cache.backendName(), cache.backend(), scope.keyTag(part));
        }
    }
}

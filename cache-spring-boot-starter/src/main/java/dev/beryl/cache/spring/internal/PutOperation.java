package dev.beryl.cache.spring.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.CacheEngine;

/** What {@code @CachePut} on one method does once it returned: store its result under the key and tags. */
final class PutOperation {

    private final EntrySpec entry;

    PutOperation(EntrySpec entry) {
        this.entry = entry;
    }

    /** Stores the call's result; a key or tag that cannot be made is reported and the result left uncached. */
    void apply(CacheEngine engine, Call call, @Nullable Object result) {
        if (result == null && !this.entry.cache().cacheNull()) {
            return;
        }
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
            fullKey = this.entry.fullKey(call);
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.entry.description(), "store the result of " + this.entry.description(), ex);
            return;
        }
        engine.put(this.entry.cache(), fullKey, CachedResponse.wrapFor(this.entry.cache(), result), tagIds);
    }
}

package dev.beryl.cache.spring;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;

import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.CacheEngine;

/** What {@code @CachePut} on one method does once it returned: store its result under the key and tags. */
final class PutOperation {

    private final CacheDefinition cache;

    private final String description;

    private final KeyRule key;

    private final @Nullable Expression condition;

    private final @Nullable Expression unless;

    private final TagRule tags;

    PutOperation(CacheDefinition cache, String description, KeyRule key, @Nullable Expression condition,
            @Nullable Expression unless, TagRule tags) {
        this.cache = cache;
        this.description = description;
        this.key = key;
        this.condition = condition;
        this.unless = unless;
        this.tags = tags;
    }

    /** Stores the call's result; a key or tag that cannot be made is reported and the result left uncached. */
    void apply(CacheEngine engine, CallContext call, @Nullable Object result) {
        if (result == null && !this.cache.cacheNull()) {
            return;
        }
        String fullKey;
        Set<String> tagIds;
        try {
            if ((this.condition != null && !call.isTrue(this.condition))
                    || (this.unless != null && call.isTrue(this.unless))) {
                return;
            }
            fullKey = this.cache.key(this.key.part(call));
            tagIds = this.tags.ids(call);
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.description, "store the result of " + this.description, ex);
            return;
        }
        engine.put(this.cache, fullKey, result, tagIds);
    }
}

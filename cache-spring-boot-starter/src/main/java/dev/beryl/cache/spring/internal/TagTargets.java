package dev.beryl.cache.spring.internal;

import java.util.Set;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.internal.CacheEngine;

/**
 * The backends that a tag invalidation reaches, decided when it is built: one named backend, or every resolved
 * backend with tags (which {@link CacheBackendResolver} keeps up to date as it resolves backends). Invalidating
 * walks an array: nothing is looked up or allocated per call.
 */
final class TagTargets {

    /** Reaches no backend: for invalidations without tags. */
    static final TagTargets NONE = new TagTargets();

    private volatile Target[] targets;

    TagTargets(Target... targets) {
        this.targets = targets;
    }

    /** Replaces the backends; only for the set of every tagging backend, as backends are resolved. */
    void replace(Target[] targets) {
        this.targets = targets;
    }

    /** Removes every entry that carries the tag, on each backend in turn. */
    void invalidate(CacheEngine engine, String tagId) {
        for (Target target : this.targets) {
            engine.invalidateTag(target.name, target.backend, tagId);
        }
    }

    /** Removes every entry that carries one of the tags, on each backend in turn. */
    void invalidate(CacheEngine engine, Set<String> tagIds) {
        for (Target target : this.targets) {
            for (String tagId : tagIds) {
                engine.invalidateTag(target.name, target.backend, tagId);
            }
        }
    }

    /** A backend, with the name it goes by in events and logs. */
    record Target(String name, CacheBackend backend) {
    }
}

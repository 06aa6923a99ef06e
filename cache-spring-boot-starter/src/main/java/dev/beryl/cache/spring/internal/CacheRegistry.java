package dev.beryl.cache.spring.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;

import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * The caches that annotated methods fill, by name, so that invalidations and the programmatic API find the
 * backend, ttl and value type of a cache by its name alone. It refuses a second method that would make one cache
 * mean two things: another backend, another value type, or a default name that two different methods share.
 */
public final class CacheRegistry {

    private final Map<String, Registration> caches = new ConcurrentHashMap<>();

    /** The cache of that name, if an annotated method fills it. */
    public @Nullable CacheDefinition find(String name) {
        Registration registration = this.caches.get(name);
        return (registration != null) ? registration.cache : null;
    }

    /** Every registered cache. */
    public Collection<CacheDefinition> caches() {
        return this.caches.values().stream().map(Registration::cache).toList();
    }

    /**
     * Registers the cache of a method.
     * @param owner the method and its class, which tell two methods apart even where their descriptions agree
     * @param method the method as messages name it
     * @param explicitName whether the annotation named the cache, rather than taking the method's default name
     * @throws CacheConfigurationException if the cache is already registered with another meaning
     */
    void register(CacheDefinition cache, String annotation, MethodClassKey owner, String method,
            boolean explicitName) {
        Registration mine = new Registration(cache, owner, method, explicitName);
        Registration existing = this.caches.putIfAbsent(cache.name(), mine);
        if (existing == null || existing.owner.equals(owner)) {
            return;
        }
        String where = annotation + " on " + method + ": cache '" + cache.name() + "' is also used by "
                + existing.method;
        if (!explicitName && !existing.explicitName) {
            throw new CacheConfigurationException(where + ", whose default cache name is the same",
                    "Give each method its own cache name: @Cached(name = \"...\").");
        }
        if (!existing.cache.valueType().equals(cache.valueType())) {
            throw new CacheConfigurationException(where + ", which returns " + existing.cache.valueType().getTypeName()
                    + " rather than " + cache.valueType().getTypeName(),
                    "Give each method its own cache name: @Cached(name = \"...\").");
        }
        if (!existing.cache.backendName().equals(cache.backendName())) {
            throw new CacheConfigurationException(where + ", which keeps it in backend '"
                    + existing.cache.backendName() + "' rather than '" + cache.backendName() + "'",
                    "Use one backend for one cache name.");
        }
    }

    private record Registration(CacheDefinition cache, MethodClassKey owner, String method, boolean explicitName) {
    }
}

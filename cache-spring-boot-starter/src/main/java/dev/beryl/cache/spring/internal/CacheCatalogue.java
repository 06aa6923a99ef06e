package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.internal.CacheCounters;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.Tags;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * The caches of the application by name: the ones annotated methods fill, with their backend, ttl and value type,
 * and for any other name a cache on the default backend with the default ttl. Invalidations and the programmatic
 * {@link dev.beryl.cache.spring.CacheOperations} find a cache here by its name alone. It refuses a second method that
 * would make one cache mean two things: another backend, another value type, or a default name that two different
 * methods share.
 */
public final class CacheCatalogue {

    private final CacheDefaults defaults;

    private final CacheBackendResolver backends;

    private final Map<String, Registration> caches = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, Counted> counters = new ConcurrentHashMap<>();

    private final List<Consumer<Counted>> counterListeners = new CopyOnWriteArrayList<>();

    /** Cache name → what the methods that fill or empty it say about it, in the order they were registered. */
    private final ConcurrentMap<String, List<Use>> uses = new ConcurrentHashMap<>();

    /** Cache name → who shares its entries, for caches whose {@code @Cached} methods have a scope that applies. */
    private final ConcurrentMap<String, RequestScope> scopes = new ConcurrentHashMap<>();

    public CacheCatalogue(CacheDefaults defaults, CacheBackendResolver backends) {
        this.defaults = defaults;
        this.backends = backends;
    }

    /**
     * The counters of a cache, one set per name, made at the first definition of that name; metrics learn of each
     * new one.
     */
    CacheCounters counters(String name, String backendName, CacheBackend backend) {
        Counted counted = this.counters.get(name);
        if (counted != null) {
            return counted.counters();
        }
        Counted made = new Counted(name, namespace(name), backendName, backend, new CacheCounters());
        counted = this.counters.putIfAbsent(name, made);
        if (counted != null) {
            return counted.counters();
        }
        for (Consumer<Counted> listener : this.counterListeners) {
            listener.accept(made);
        }
        return made.counters();
    }

    /** Every cache's counters made so far. */
    public List<Counted> counted() {
        return List.copyOf(this.counters.values());
    }

    /**
     * Hands every cache's counters to {@code listener}: those made already, now, and each new one when it is made.
     */
    public void eachCounted(Consumer<Counted> listener) {
        this.counterListeners.add(listener);
        this.counters.values().forEach(listener);
    }

    /**
     * The counters of one cache, with what metrics tag them by.
     *
     * @param name the cache's name
     * @param namespace {@code {key-prefix}:{name}}
     * @param backendName the name of its backend
     * @param backend its backend
     * @param counters its counters
     */
    public record Counted(String name, String namespace, String backendName, CacheBackend backend,
            CacheCounters counters) {
    }

    /**
     * Records who shares the entries of a cache, as one of its {@code @Cached} methods says.
     * @throws CacheConfigurationException if another of its methods says otherwise
     */
    void registerScope(String name, RequestScope scope, String where) {
        RequestScope existing = this.scopes.putIfAbsent(name, scope);
        if (existing != null && !existing.sameAs(scope)) {
            throw new CacheConfigurationException(where + ": cache '" + name + "' is also filled by a method whose "
                    + "scope, vary or kind (handler or not) differs", "Give the methods of one cache one scope and "
                            + "one vary, or give each its own cache name.");
        }
    }

    /** Who shares the entries of a cache, or {@code null} when everyone does and no header is part of the key. */
    @Nullable RequestScope scopeOf(String name) {
        return this.scopes.get(name);
    }

    /**
     * Records what a method's annotation says about a cache, for those who look at the caches (the Actuator
     * endpoint). A method registered again is recorded once.
     */
    void recordUse(String name, Use use) {
        List<Use> list = this.uses.computeIfAbsent(name, (key) -> new CopyOnWriteArrayList<>());
        if (!list.contains(use)) {
            list.add(use);
        }
    }

    /**
     * Every cache known so far: those that annotated methods fill, and those used through the API; by name.
     */
    public List<Description> describe() {
        List<Description> caches = new ArrayList<>();
        for (Counted counted : this.counters.values()) {
            CacheDefinition filled = find(counted.name());
            caches.add(new Description(counted.name(), counted.backendName(),
                    (filled != null) ? filled.ttl() : this.defaults.ttl(),
                    List.copyOf(this.uses.getOrDefault(counted.name(), List.of())), counted.counters()));
        }
        caches.sort(Comparator.comparing(Description::name));
        return caches;
    }

    /** The cache of a name as the API and the Actuator endpoint address it, or {@code null} if none is known. */
    public @Nullable CacheDefinition known(String name) {
        CacheDefinition filled = find(name);
        if (filled != null) {
            return filled;
        }
        return this.counters.containsKey(name) ? cacheNamed(name, null) : null;
    }

    /**
     * One use of a cache by an annotated method.
     *
     * @param annotation {@code @Cached}, {@code @CachePut} or {@code @CacheInvalidate}
     * @param method the method, e.g. {@code ProductController.product(long)}
     * @param key the key expression, or empty for the default key
     * @param tags the tag expressions
     */
    public record Use(String annotation, String method, String key, List<String> tags) {
    }

    /**
     * A cache as the Actuator endpoint shows it.
     *
     * @param name its name
     * @param backendName its backend
     * @param ttl the ttl of its entries
     * @param uses the methods that fill or empty it
     * @param counters what happened to it
     */
    public record Description(String name, String backendName, Duration ttl, List<Use> uses,
            CacheCounters counters) {
    }

    CacheDefaults defaults() {
        return this.defaults;
    }

    CacheBackendResolver backends() {
        return this.backends;
    }

    /** The namespace of a cache's keys, {@code {key-prefix}:{name}}. */
    String namespace(String name) {
        return this.defaults.keyPrefix() + ":" + name;
    }

    /** The cache of that name, if an annotated method fills it. */
    @Nullable CacheDefinition find(String name) {
        Registration registration = this.caches.get(name);
        return (registration != null) ? registration.cache : null;
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
        if (existing.cache.stale() != cache.stale()) {
            throw new CacheConfigurationException(where + ", whose entries " + (existing.cache.stale() ? "" : "do not ")
                    + "keep stale windows (staleWhileRevalidate, staleIfError), so the two would store entries of "
                    + "different shapes", "Give both methods stale windows, or neither, or give each its own cache "
                            + "name.");
        }
    }

    /**
     * The cache that an invalidation of {@code name} addresses: the one methods fill (unless the invalidation names
     * another backend), else one of that name on the backend named or the default backend.
     */
    CacheDefinition cacheNamed(String name, @Nullable String backendName) {
        CacheDefinition filled = find(name);
        if (filled != null && (backendName == null || backendName.equals(filled.backendName()))) {
            return filled;
        }
        String backend = (backendName != null) ? backendName : this.defaults.backend();
        CacheBackend resolved = this.backends.resolve(backend, "cache '" + name + "': backend");
        return new CacheDefinition(name, namespace(name), backend, resolved, this.defaults.ttl(), Object.class, false,
                counters(name, backend, resolved));
    }

    /** The backends that a tag invalidation reaches: the one named, or every resolved backend with tags. */
    TagTargets tagTargets(@Nullable String backendName) {
        if (backendName == null) {
            return this.backends.taggingBackends();
        }
        return new TagTargets(new TagTargets.Target(backendName,
                this.backends.resolve(backendName, "tag invalidation: backend")));
    }

    /** Every resolved backend with tags, where {@link dev.beryl.cache.spring.CacheOperations#invalidateTag} reaches. */
    TagTargets taggingBackends() {
        return this.backends.taggingBackends();
    }

    /**
     * The cache that a programmatic call addresses: a cache that annotated methods fill keeps its backend, ttl and
     * value type; any other name lives on the default backend with the default ttl.
     * @param ttl the ttl the call asks for, or {@code null} for the cache's
     * @param type the type of the value, where no annotated method says
     * @throws IllegalArgumentException if the name cannot name a cache
     */
    CacheDefinition cache(@Nullable String name, @Nullable Duration ttl, Type type) {
        if (name == null) {
            throw new IllegalArgumentException("name is null: pass the name of a cache, such as \"products\"");
        }
        CacheDefinition filled = find(name);
        if (filled == null) {
            checkName(name);
        }
        CacheDefinition base = (filled != null) ? filled : cacheNamed(name, null);
        Type valueType = (filled != null) ? filled.valueType() : type;
        Duration life = (ttl != null) ? ttl : base.ttl();
        if (life == base.ttl() && valueType == base.valueType()) {
            return base;
        }
        return new CacheDefinition(base.name(), base.namespace(), base.backendName(), base.backend(), life, valueType,
                base.cacheNull(), base.counters(), base.policy());
    }

    /**
     * The id of a tag that a programmatic call names.
     * @throws IllegalArgumentException if the tag is {@code null}
     */
    String tagId(@Nullable String tag) {
        if (tag == null) {
            throw new IllegalArgumentException("tag is null: pass a tag such as \"product:42\"");
        }
        return Tags.id(this.defaults.keyPrefix(), tag);
    }

    /**
     * Rejects what cannot name a cache, so that {@code clear("")} cannot reach the keys of every cache and the tags.
     * Names that annotations fill were checked at start-up.
     */
    private void checkName(String name) {
        String problem = CacheNames.problem(this.defaults.keyPrefix(), name);
        if (problem != null) {
            throw new IllegalArgumentException("name '" + CacheNames.shown(name) + "' " + problem
                    + ": pass the name of a cache, such as \"products\"");
        }
    }

    private record Registration(CacheDefinition cache, MethodClassKey owner, String method, boolean explicitName) {
    }
}

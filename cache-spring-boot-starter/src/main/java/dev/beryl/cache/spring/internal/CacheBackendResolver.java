package dev.beryl.cache.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Finds the {@link CacheBackend} that a backend name stands for: the bean of that name, or for the built-in names
 * {@code memory} and {@code redis} the one backend of that kind.
 */
public final class CacheBackendResolver {

    /** The built-in name of the in-memory backend. */
    static final String MEMORY = "memory";

    /** The built-in name of the Redis backend. */
    static final String REDIS = "redis";

    private static final String REDIS_BACKEND_CLASS = "dev.beryl.cache.redis.RedisCacheBackend";

    private final ListableBeanFactory beanFactory;

    private final ClassLoader classLoader;

    private final Map<String, CacheBackend> resolved = new ConcurrentHashMap<>();

    private final TagTargets taggingBackends = new TagTargets();

    /**
     * @param classLoader where to look for optional backends such as Redis, usually the bean class loader
     */
    public CacheBackendResolver(ListableBeanFactory beanFactory, ClassLoader classLoader) {
        this.beanFactory = beanFactory;
        this.classLoader = classLoader;
    }

    /**
     * The backend that {@code name} stands for.
     * @param usedBy who asks, for the message, e.g. {@code "@Cached on ProductController.product(long): backend"}
     * @throws CacheConfigurationException when no backend has that name
     */
    public CacheBackend resolve(String name, String usedBy) {
        CacheBackend backend = this.resolved.get(name);
        if (backend == null) {
            backend = find(name, usedBy);
            this.resolved.put(name, backend);
            refreshTaggingBackends();
        }
        return backend;
    }

    /**
     * The backends resolved so far that support tags, in the order of their names, each once under one of its
     * names: where a tag invalidation without a backend reaches. The same object throughout, brought up to date
     * whenever a backend is resolved (at start-up, or when a method first called later names a new one).
     */
    TagTargets taggingBackends() {
        return this.taggingBackends;
    }

    private synchronized void refreshTaggingBackends() {
        Map<CacheBackend, String> unique = new LinkedHashMap<>();
        this.resolved.forEach((name, backend) -> {
            if (backend.supportsTags()) {
                unique.putIfAbsent(backend, name);
            }
        });
        Map<String, CacheBackend> byName = new TreeMap<>();
        unique.forEach((backend, name) -> byName.put(name, backend));
        this.taggingBackends.replace(byName.entrySet().stream()
                .map((entry) -> new TagTargets.Target(entry.getKey(), entry.getValue()))
                .toArray(TagTargets.Target[]::new));
    }

    private CacheBackend find(String name, String usedBy) {
        if (this.beanFactory.containsBean(name) && this.beanFactory.isTypeMatch(name, CacheBackend.class)) {
            return this.beanFactory.getBean(name, CacheBackend.class);
        }
        if (MEMORY.equals(name)) {
            return only(InMemoryCacheBackend.class, name, usedBy);
        }
        if (REDIS.equals(name)) {
            if (!ClassUtils.isPresent(REDIS_BACKEND_CLASS, this.classLoader)) {
                throw new CacheConfigurationException(usedBy + " 'redis' needs the Redis backend, which is not on "
                        + "the classpath", "Add the dependency dev.beryl:beryl-cache-redis to the application, or "
                                + "choose another backend such as 'memory'.");
            }
            return only(ClassUtils.resolveClassName(REDIS_BACKEND_CLASS, this.classLoader)
                    .asSubclass(CacheBackend.class), name, usedBy);
        }
        throw new CacheConfigurationException(usedBy + " '" + name + "' is not a known backend (known: "
                + String.join(", ", knownNames()) + ")", "Use 'memory', 'redis', or the bean name of a CacheBackend "
                        + "bean, and check its spelling.");
    }

    private CacheBackend only(Class<? extends CacheBackend> type, String name, String usedBy) {
        try {
            return this.beanFactory.getBean(type);
        }
        catch (NoUniqueBeanDefinitionException ex) {
            throw new CacheConfigurationException(usedBy + " '" + name + "' is ambiguous: there are "
                    + ex.getNumberOfBeansFound() + " " + type.getSimpleName() + " beans " + ex.getBeanNamesFound(),
                    "Keep one " + type.getSimpleName() + " bean, or name the backend by its bean name.", ex);
        }
        catch (NoSuchBeanDefinitionException ex) {
            throw new CacheConfigurationException(usedBy + " '" + name + "' has no " + type.getSimpleName()
                    + " bean to stand for it (" + ex.getMessage() + ")", "Define exactly one "
                            + type.getSimpleName() + " bean, or leave its auto-configuration on.", ex);
        }
    }

    /** The built-in names, and the bean names of the other backends (built-in ones go by their built-in name). */
    private TreeSet<String> knownNames() {
        TreeSet<String> names = new TreeSet<>();
        names.add(MEMORY);
        if (ClassUtils.isPresent(REDIS_BACKEND_CLASS, this.classLoader)) {
            names.add(REDIS);
        }
        for (String bean : this.beanFactory.getBeanNamesForType(CacheBackend.class, true, false)) {
            Class<?> type = this.beanFactory.getType(bean, false);
            boolean builtIn = type != null && (InMemoryCacheBackend.class.isAssignableFrom(type)
                    || type.getName().equals(REDIS_BACKEND_CLASS));
            if (!builtIn) {
                names.add(bean);
            }
        }
        return names;
    }
}

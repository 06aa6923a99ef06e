package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheConfig;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Spring's {@link CacheManager} on Beryl's engine ({@code beryl.cache.spring-cache-manager.enabled=true}), so that
 * existing {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} code runs on Beryl's backends with Beryl's
 * keys, and moves to {@code @Cached} one method at a time. Its caches live on the default backend with the default
 * ttl, or {@code beryl.cache.caches.<name>.ttl}. Spring's {@code Cache} API carries no value type, so the manager
 * learns each cache's type when the application starts, from the {@code @Cacheable} and {@code @CachePut} methods
 * that name it (methods storing different types under one name stop the application), so that Redis gives a record
 * back as a record.
 */
public final class BerylCacheManager implements CacheManager {

    private final CacheCatalogue catalogue;

    private final CacheEngine engine;

    private final KeyRenderer keys;

    private final Function<String, @Nullable Duration> ttls;

    private final Map<String, Type> valueTypes;

    private final ConcurrentMap<String, SpringCacheAdapter> caches = new ConcurrentHashMap<>();

    /**
     * @param ttls the ttl set for a cache name ({@code beryl.cache.caches.<name>.ttl}), or {@code null}
     * @param beanFactory whose beans' {@code @Cacheable} and {@code @CachePut} methods tell the value types
     */
    public BerylCacheManager(CacheCatalogue catalogue, CacheEngine engine, KeyRenderer keys,
            Function<String, @Nullable Duration> ttls, ConfigurableListableBeanFactory beanFactory) {
        this.catalogue = catalogue;
        this.engine = engine;
        this.keys = keys;
        this.ttls = ttls;
        this.valueTypes = valueTypes(beanFactory);
    }

    @Override
    public @Nullable Cache getCache(String name) {
        return this.caches.computeIfAbsent(name, this::create);
    }

    @Override
    public Collection<String> getCacheNames() {
        Set<String> names = new LinkedHashSet<>(this.valueTypes.keySet());
        names.addAll(this.caches.keySet());
        return List.copyOf(names);
    }

    private SpringCacheAdapter create(String name) {
        CacheDefinition base = this.catalogue.cacheNamed(name, null);
        Duration ttl = this.ttls.apply(name);
        Type type = this.valueTypes.getOrDefault(name, base.valueType());
        CacheDefinition cache = new CacheDefinition(base.name(), base.namespace(), base.backendName(),
                base.backend(), (ttl != null) ? ttl : base.ttl(), type, true, base.counters());
        return new SpringCacheAdapter(cache, this.engine, this.keys);
    }

    /** Cache name → the type its {@code @Cacheable} and {@code @CachePut} methods store. */
    private static Map<String, Type> valueTypes(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Type> types = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
            if (type == null) {
                continue;
            }
            Class<?> userClass = ClassUtils.getUserClass(type);
            CacheConfig config = AnnotatedElementUtils.findMergedAnnotation(userClass, CacheConfig.class);
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass,
                    ReflectionUtils.USER_DECLARED_METHODS)) {
                Cacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(method, Cacheable.class);
                CachePut put = AnnotatedElementUtils.findMergedAnnotation(method, CachePut.class);
                String[] names = (cacheable != null) ? cacheable.cacheNames() : (put != null) ? put.cacheNames()
                        : null;
                if (names == null) {
                    continue;
                }
                if (names.length == 0 && config != null) {
                    names = config.cacheNames();
                }
                Type valueType = valueType(method, userClass);
                String description = CacheAnnotationParser.describe(method, userClass);
                for (String name : names) {
                    Type known = types.putIfAbsent(name, valueType);
                    if (known != null && !known.equals(valueType)) {
                        throw new CacheConfigurationException("Spring cache '" + name + "' holds "
                                + known.getTypeName() + " for " + where.get(name) + " but "
                                + valueType.getTypeName() + " for " + description,
                                "Give the methods their own cache names, or make them store one type.");
                    }
                    where.putIfAbsent(name, description);
                }
            }
        }
        return types;
    }

    /** What a method stores: its return type, what its {@code Optional} holds, or the value of its future or publisher. */
    private static Type valueType(Method method, Class<?> userClass) {
        AsyncReturn async = AsyncReturn.of(method);
        if (async != null) {
            return async.valueType(ResolvableType.forMethodReturnType(method, userClass));
        }
        Type type = GenericTypeResolver.resolveType(method.getGenericReturnType(), userClass);
        ResolvableType resolved = ResolvableType.forType(type);
        if (resolved.resolve() == java.util.Optional.class) {
            // Spring's caching stores what an Optional holds.
            ResolvableType held = resolved.getGeneric(0);
            return (held == ResolvableType.NONE) ? Object.class : held.getType();
        }
        Class<?> raw = resolved.resolve();
        return (raw != null && raw.isPrimitive()) ? ClassUtils.resolvePrimitiveIfNecessary(raw) : type;
    }
}

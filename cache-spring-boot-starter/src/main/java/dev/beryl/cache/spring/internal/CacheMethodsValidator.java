package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Builds the operations of every cache annotation of every bean once the singletons exist, so that a bad annotation
 * stops the application at start-up rather than at its first call. The methods with {@code @Cached} come first, so
 * that the caches they fill are known when puts and invalidations name them. It also rejects a class whose cached
 * methods back several beans that would share entries, and invalidations that name another backend than the
 * cache's.
 */
public final class CacheMethodsValidator implements SmartInitializingSingleton {

    private static final System.Logger logger = System.getLogger(CacheMethodsValidator.class.getName());

    private final ConfigurableListableBeanFactory beanFactory;

    private final CacheOperationSource operations;

    private final Runnable defaultsCheck;

    /**
     * @param defaultsCheck checks the settings that hold even without any annotated method, such as that the
     * default backend exists
     */
    public CacheMethodsValidator(ConfigurableListableBeanFactory beanFactory, CacheOperationSource operations,
            Runnable defaultsCheck) {
        this.beanFactory = beanFactory;
        this.operations = operations;
        this.defaultsCheck = defaultsCheck;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.defaultsCheck.run();
        Map<Class<?>, List<String>> beansByClass = new LinkedHashMap<>();
        for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
            Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (type != null) {
                beansByClass.computeIfAbsent(ClassUtils.getUserClass(type), (key) -> new ArrayList<>()).add(beanName);
            }
        }
        List<Runnable> later = new ArrayList<>();
        beansByClass.forEach((type, beanNames) -> {
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type,
                    ReflectionUtils.USER_DECLARED_METHODS)) {
                if (CacheOperationSource.hasCached(method, type)) {
                    checkShared(this.operations.get(method, type), type, beanNames);
                }
                if (CacheOperationSource.hasCacheAnnotation(method, type)) {
                    later.add(() -> checkInvalidations(this.operations.get(method, type)));
                }
            }
        });
        later.forEach(Runnable::run);
    }

    private static void checkShared(MethodCachePlan operations, Class<?> type, List<String> beanNames) {
        CachedOperation cached = (operations != null) ? operations.cached() : null;
        if (cached == null || beanNames.size() < 2 || cached.keyTellsTargetsApart()) {
            return;
        }
        throw new CacheConfigurationException("@Cached on " + cached.description() + ": " + type.getSimpleName()
                + " backs the beans " + beanNames + ", whose calls would share the entries of cache '"
                + cached.cache().name() + "'", "Make the key tell the beans apart, e.g. key = \"#root.target.region"
                        + " + ':' + #id\", or a CacheKeyGenerator; or keep one bean of the class.");
    }

    private void checkInvalidations(MethodCachePlan operations) {
        if (operations == null) {
            return;
        }
        for (InvalidateOperation invalidation : operations.invalidations()) {
            String name = invalidation.name();
            if (name == null) {
                continue;
            }
            var filled = this.operations.registry().find(name);
            if (filled == null) {
                logger.log(System.Logger.Level.INFO, "@CacheInvalidate on " + operations.description()
                        + " names cache '" + name + "', which no @Cached or @CachePut method fills (yet)");
            }
            else if (invalidation.backendName() != null && !invalidation.backendName().equals(filled.backendName())) {
                throw new CacheConfigurationException("@CacheInvalidate on " + operations.description()
                        + ": backend '" + invalidation.backendName() + "' is not where cache '" + name
                        + "' lives ('" + filled.backendName() + "')", "Remove backend, or name '"
                                + filled.backendName() + "'.");
            }
        }
    }
}

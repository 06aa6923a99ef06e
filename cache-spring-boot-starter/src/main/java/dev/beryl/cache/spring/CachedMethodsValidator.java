package dev.beryl.cache.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Builds the operation of every {@code @Cached} method of every bean once the singletons exist, so that a bad
 * annotation stops the application at start-up rather than at its first call. It also rejects two methods that
 * store values of different types in one cache.
 */
public final class CachedMethodsValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;

    private final CachedOperationSource operations;

    private final Runnable defaultsCheck;

    /**
     * @param defaultsCheck checks the settings that hold even without any {@code @Cached} method, such as that
     * the default backend exists
     */
    public CachedMethodsValidator(ConfigurableListableBeanFactory beanFactory, CachedOperationSource operations,
            Runnable defaultsCheck) {
        this.beanFactory = beanFactory;
        this.operations = operations;
        this.defaultsCheck = defaultsCheck;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.defaultsCheck.run();
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
            Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (type != null) {
                classes.add(ClassUtils.getUserClass(type));
            }
        }
        Map<String, List<CachedOperation>> byCache = new HashMap<>();
        for (Class<?> type : classes) {
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
                if (CachedOperationSource.isCached(method, type)) {
                    CachedOperation operation = this.operations.get(method, type);
                    if (operation != null) {
                        byCache.computeIfAbsent(operation.cache().namespace(), (name) -> new ArrayList<>())
                                .add(operation);
                    }
                }
            }
        }
        byCache.values().forEach(CachedMethodsValidator::checkOneValueType);
    }

    private static void checkOneValueType(List<CachedOperation> sharing) {
        CachedOperation first = sharing.get(0);
        Type valueType = first.cache().valueType();
        for (CachedOperation other : sharing) {
            if (!other.cache().valueType().equals(valueType)) {
                throw new CacheConfigurationException("@Cached on " + other.description() + ": cache '"
                        + other.cache().name() + "' is also used by " + first.description() + ", which returns "
                        + valueType.getTypeName() + " rather than " + other.cache().valueType().getTypeName(),
                        "Give each method its own cache name: @Cached(name = \"...\").");
            }
        }
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * The cache-annotated methods of every bean, found from the bean definitions (without creating beans) and parsed:
 * what start-up checks, and where the catalogue learns every cache before the first put or invalidation is built.
 */
public final class AnnotatedBeanMethods {

    private final ConfigurableListableBeanFactory beanFactory;

    private final CacheAnnotationParser parser;

    public AnnotatedBeanMethods(ConfigurableListableBeanFactory beanFactory, CacheAnnotationParser parser) {
        this.beanFactory = beanFactory;
        this.parser = parser;
    }

    /**
     * Every bean class with cache annotations, with the names of its beans and its parsed methods, in the order of
     * the bean definitions and of the methods.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    List<BeanClass> find() {
        Map<Class<?>, List<String>> beansByClass = new LinkedHashMap<>();
        for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
            Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
            if (type != null) {
                beansByClass.computeIfAbsent(ClassUtils.getUserClass(type), (key) -> new ArrayList<>()).add(beanName);
            }
        }
        List<BeanClass> found = new ArrayList<>();
        beansByClass.forEach((type, beanNames) -> {
            List<ParsedMethod> methods = new ArrayList<>();
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type,
                    ReflectionUtils.USER_DECLARED_METHODS)) {
                ParsedMethod parsed = this.parser.parse(method, type);
                if (parsed != null) {
                    methods.add(parsed);
                }
            }
            if (!methods.isEmpty()) {
                found.add(new BeanClass(type, List.copyOf(beanNames), List.copyOf(methods)));
            }
        });
        return found;
    }

    /** The annotated methods of every bean, in order. */
    List<ParsedMethod> methods() {
        return find().stream().flatMap((beanClass) -> beanClass.methods().stream()).toList();
    }

    /**
     * A class that backs beans, with its annotated methods.
     * @param beanNames the beans it backs; several share the entries of a key that does not tell them apart
     */
    record BeanClass(Class<?> type, List<String> beanNames, List<ParsedMethod> methods) {
    }
}

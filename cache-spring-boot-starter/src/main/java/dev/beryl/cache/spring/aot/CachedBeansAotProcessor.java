package dev.beryl.cache.spring.aot;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;

/**
 * Declares, for each bean whose class carries Beryl's annotations, that Beryl reads its methods and their
 * annotations when the application starts, so that they are there in a native image.
 */
public final class CachedBeansAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
        Class<?> type = ClassUtils.getUserClass(bean.getBeanClass());
        if (!hasCacheAnnotations(type)) {
            return null;
        }
        return (generationContext, code) -> generationContext.getRuntimeHints().reflection().registerType(type,
                MemberCategory.INTROSPECT_DECLARED_METHODS, MemberCategory.INTROSPECT_PUBLIC_METHODS,
                MemberCategory.INVOKE_PUBLIC_METHODS);
    }

    static boolean hasCacheAnnotations(Class<?> type) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (AnnotatedElementUtils.hasAnnotation(method, Cached.class)
                    || AnnotatedElementUtils.hasAnnotation(method, CachePut.class)
                    || AnnotatedElementUtils.hasAnnotation(method, CacheInvalidate.class)
                    || AnnotatedElementUtils.hasAnnotation(method, CacheInvalidate.List.class)) {
                return true;
            }
        }
        return false;
    }
}

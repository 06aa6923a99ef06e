package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Applies the {@link CachedInterceptor} to every method that carries {@code @Cached}, {@code @CachePut} or
 * {@code @CacheInvalidate}, on its class or on an interface it implements. It runs inside security checks and
 * outside transactions, so that a hit neither skips authorization nor opens a transaction.
 */
public final class CachedAdvisor extends AbstractPointcutAdvisor {

    /** The default order: late, yet before transactions, which Spring orders last. */
    public static final int DEFAULT_ORDER = LOWEST_PRECEDENCE - 100;

    private final Pointcut pointcut = new CachedPointcut();

    private final CachedInterceptor interceptor;

    public CachedAdvisor(CachedInterceptor interceptor) {
        this.interceptor = interceptor;
        setOrder(DEFAULT_ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return this.pointcut;
    }

    @Override
    public Advice getAdvice() {
        return this.interceptor;
    }

    private static final class CachedPointcut extends StaticMethodMatcherPointcut {

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return CacheAnnotationParser.hasCacheAnnotation(method, targetClass);
        }
    }
}

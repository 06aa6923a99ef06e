package dev.beryl.cache.spring.internal;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.util.function.SingletonSupplier;

import dev.beryl.cache.internal.CacheEngine;

/**
 * Runs the cache annotations of a method around its calls. It only finds the method's
 * {@link MethodCachePlan}, built at start-up, and hands it the call and the {@link CacheEngine}.
 */
public final class CachedInterceptor implements MethodInterceptor {

    private final SingletonSupplier<CacheOperationSource> plans;

    private final SingletonSupplier<CacheEngine> engine;

    /**
     * Takes suppliers so that the interceptor can be created early, with the advisors, without creating the
     * backends before the beans they depend on.
     */
    public CachedInterceptor(Supplier<CacheOperationSource> plans, Supplier<CacheEngine> engine) {
        this.plans = SingletonSupplier.of(plans);
        this.engine = SingletonSupplier.of(engine);
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        if (target == null) {
            return invocation.proceed();
        }
        CacheOperationSource.Resolved found = this.plans.obtain().forCall(invocation.getMethod(), target);
        MethodCachePlan plan = found.plan();
        if (plan == null) {
            return invocation.proceed();
        }
        return plan.invoke(this.engine.obtain(), invocation, found.targetClass());
    }
}

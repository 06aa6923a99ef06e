package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.MethodClassKey;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * The {@link MethodCachePlan} of each method, built once per method and target class (parsed by
 * {@link CacheAnnotationParser}, built by {@link CacheOperationFactory}) and remembered, with a marker for methods
 * without cache annotations. Calls find their plan by the identity of the {@code Method}, without hashing.
 */
public final class CacheOperationSource {

    private static final Object NONE = new Object();

    /** Past this many methods, calls still find their plans, through the slower map. */
    private static final int MAX_REMEMBERED_METHODS = 4096;

    private final CacheAnnotationParser parser;

    private final CacheOperationFactory factory;

    private final Map<MethodClassKey, Object> plans = new ConcurrentHashMap<>();

    /**
     * What calls found, by the identity of the {@code Method} a proxy passes (the same instance on every call) and
     * then by the class of the target, so that a call finds its plan without hashing or comparing methods.
     * Copied on write: read on every call, written once per method, proxy class and target class.
     */
    private volatile IdentityHashMap<Method, Resolved> resolved = new IdentityHashMap<>();

    public CacheOperationSource(CacheAnnotationParser parser, CacheOperationFactory factory) {
        this.parser = parser;
        this.factory = factory;
    }

    /**
     * The plan of a method as called on a target class, or {@code null} if it has no cache annotation.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    @Nullable MethodCachePlan get(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Object plan = this.plans.get(key);
        if (plan == null) {
            plan = remember(key, this.parser.parse(method, targetClass));
        }
        return (plan != NONE) ? (MethodCachePlan) plan : null;
    }

    /**
     * The plan of a method that start-up parsed already, remembered for its class.
     * @throws CacheConfigurationException if an annotation does not fit the application
     */
    MethodCachePlan get(ParsedMethod parsed) {
        MethodClassKey key = parsed.owner();
        Object plan = this.plans.get(key);
        if (plan == null) {
            plan = remember(key, parsed);
        }
        return (MethodCachePlan) plan;
    }

    private Object remember(MethodClassKey key, @Nullable ParsedMethod parsed) {
        Object plan = (parsed != null) ? this.factory.build(parsed) : NONE;
        Object raced = this.plans.putIfAbsent(key, plan);
        return (raced != null) ? raced : plan;
    }

    /**
     * The plan of a call of {@code method} on {@code target} (a bean, not its proxy), with the target class it was
     * found for. The interceptor's path: after the first call, a lookup by identity.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    Resolved forCall(Method method, Object target) {
        Class<?> type = target.getClass();
        for (Resolved found = this.resolved.get(method); found != null; found = found.next) {
            if (found.type == type) {
                return found;
            }
        }
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(target);
        MethodCachePlan plan = get(method, targetClass);
        if (target instanceof TargetClassAware) {
            // Its target class may change from call to call: not remembered by its type.
            return new Resolved(type, targetClass, plan, null);
        }
        synchronized (this) {
            IdentityHashMap<Method, Resolved> copy = new IdentityHashMap<>(this.resolved);
            Resolved found = new Resolved(type, targetClass, plan, copy.get(method));
            if (copy.size() < MAX_REMEMBERED_METHODS) {
                copy.put(method, found);
                this.resolved = copy;
            }
            return found;
        }
    }

    /**
     * The plan found for a call.
     * @param type the class of the target object, which identifies it on later calls
     * @param targetClass the class the plan was built for, as Spring AOP names the target's class
     * @param plan the plan, or {@code null} when the method has no cache annotation
     * @param next what the same method found for another target type
     */
    record Resolved(Class<?> type, Class<?> targetClass, @Nullable MethodCachePlan plan, @Nullable Resolved next) {
    }
}

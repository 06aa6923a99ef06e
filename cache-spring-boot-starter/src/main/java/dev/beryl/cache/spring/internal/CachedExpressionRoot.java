package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;

/**
 * What {@code #root} stands for in the expressions of {@code @Cached}: {@code #root.method},
 * {@code #root.methodName}, {@code #root.target}, {@code #root.targetClass} and {@code #root.args}.
 */
public final class CachedExpressionRoot {

    private final Method method;

    private final Object target;

    private final Class<?> targetClass;

    private final Object[] args;

    CachedExpressionRoot(Method method, Object target, Class<?> targetClass, Object[] args) {
        this.method = method;
        this.target = target;
        this.targetClass = targetClass;
        this.args = args;
    }

    public Method getMethod() {
        return this.method;
    }

    public String getMethodName() {
        return this.method.getName();
    }

    public Object getTarget() {
        return this.target;
    }

    public Class<?> getTargetClass() {
        return this.targetClass;
    }

    public Object[] getArgs() {
        return this.args;
    }
}

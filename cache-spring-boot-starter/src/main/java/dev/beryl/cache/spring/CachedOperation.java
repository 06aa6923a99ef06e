package dev.beryl.cache.spring;

import java.lang.reflect.Method;
import java.util.function.Predicate;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.CacheEngine;
import dev.beryl.cache.key.KeyParts;

/**
 * Everything about one {@code @Cached} method that can be decided before it is called: its cache, its key rule, its
 * condition and its unless expression. Built and checked once, when the application starts, and immutable.
 */
public final class CachedOperation {

    private static final Predicate<Object> STORE_ALWAYS = (result) -> true;

    private final CacheDefinition cache;

    private final String description;

    private final KeyRule key;

    private final @Nullable Expression condition;

    private final @Nullable Expression unless;

    private final CachedExpressions expressions;

    CachedOperation(CacheDefinition cache, String description, KeyRule key, @Nullable Expression condition,
            @Nullable Expression unless, CachedExpressions expressions) {
        this.cache = cache;
        this.description = description;
        this.key = key;
        this.condition = condition;
        this.unless = unless;
        this.expressions = expressions;
    }

    /** The cache this method reads and writes. */
    public CacheDefinition cache() {
        return this.cache;
    }

    /** The method as messages name it, e.g. {@code ProductController.product(long)}. */
    public String description() {
        return this.description;
    }

    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, Object target, Class<?> targetClass,
            Method method) throws Throwable {
        Call call = new Call(this.expressions, method, target, targetClass, invocation.getArguments());
        String fullKey;
        try {
            if (this.condition != null && !call.isTrue(this.condition, null)) {
                return invocation.proceed();
            }
            fullKey = this.cache.key(this.key.part(call));
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.description, "build the key of a call to " + this.description, ex);
            return invocation.proceed();
        }
        Predicate<Object> storeIf = (this.unless != null) ? (result) -> !call.isTrue(this.unless, result)
                : STORE_ALWAYS;
        return engine.getOrLoad(this.cache, fullKey, invocation::proceed, storeIf);
    }

    /** How the key part of a call is made. */
    interface KeyRule {

        String part(Call call);

        /** All arguments, as {@link KeyParts#ofArguments} renders them. */
        static KeyRule allArguments() {
            return (call) -> KeyParts.ofArguments(call.args);
        }

        /** One argument, for keys like {@code #id} or {@code #p0}, without evaluating SpEL. */
        static KeyRule argument(int index) {
            return (call) -> KeyParts.ofValue(call.args[index]);
        }

        /** The value of an expression. */
        static KeyRule expression(Expression expression) {
            return (call) -> KeyParts.ofValue(expression.getValue(call.context()));
        }
    }

    /**
     * One call: its arguments and, made only when an expression needs it, its evaluation context. Calls whose
     * key is all arguments or one argument, without condition or unless, never build one.
     */
    static final class Call {

        private final CachedExpressions expressions;

        private final Method method;

        private final Object target;

        private final Class<?> targetClass;

        final Object[] args;

        private @Nullable EvaluationContext context;

        Call(CachedExpressions expressions, Method method, Object target, Class<?> targetClass, Object[] args) {
            this.expressions = expressions;
            this.method = method;
            this.target = target;
            this.targetClass = targetClass;
            this.args = args;
        }

        EvaluationContext context() {
            EvaluationContext context = this.context;
            if (context == null) {
                context = this.expressions.context(
                        new CachedExpressionRoot(this.method, this.target, this.targetClass, this.args));
                this.context = context;
            }
            return context;
        }

        boolean isTrue(Expression expression, @Nullable Object result) {
            EvaluationContext context = context();
            context.setVariable(CachedExpressions.RESULT, result);
            return Boolean.TRUE.equals(expression.getValue(context, Boolean.class));
        }
    }
}

package dev.beryl.cache.spring;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * One call of a cached method: its arguments, its result once there is one, and, made only when an expression
 * needs it, its SpEL evaluation context. Calls whose keys are all arguments or one argument, without condition,
 * unless or tags, never build a context.
 */
final class CallContext {

    private final CachedExpressions expressions;

    final Method method;

    final Object target;

    final Class<?> targetClass;

    final Object[] args;

    private @Nullable EvaluationContext context;

    private @Nullable Object result;

    CallContext(CachedExpressions expressions, Method method, Object target, Class<?> targetClass, Object[] args) {
        this.expressions = expressions;
        this.method = method;
        this.target = target;
        this.targetClass = targetClass;
        this.args = args;
    }

    /** Makes the method's result visible to expressions as {@code #result}. */
    void result(@Nullable Object result) {
        this.result = result;
        if (this.context != null) {
            this.context.setVariable(CachedExpressions.RESULT, result);
        }
    }

    @Nullable Object evaluate(Expression expression) {
        return expression.getValue(context());
    }

    boolean isTrue(Expression expression) {
        return Boolean.TRUE.equals(expression.getValue(context(), Boolean.class));
    }

    private EvaluationContext context() {
        EvaluationContext context = this.context;
        if (context == null) {
            context = this.expressions.context(
                    new CachedExpressionRoot(this.method, this.target, this.targetClass, this.args));
            context.setVariable(CachedExpressions.RESULT, this.result);
            this.context = context;
        }
        return context;
    }
}

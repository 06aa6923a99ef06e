package dev.beryl.cache.spring.internal;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.spring.internal.DirectExpression.Concatenation;

/**
 * One expression of a cache annotation, parsed and checked once: SpEL's, and for the common shapes of keys and tags
 * (see {@link DirectExpressions}) a {@link DirectExpression} that gives SpEL's value from the arguments alone. When
 * the direct evaluation cannot answer a call exactly as SpEL would, SpEL evaluates the same expression for that call,
 * so users see SpEL's values and SpEL's errors either way.
 */
final class CacheExpression {

    private final Expression spel;

    private final @Nullable DirectExpression direct;

    private final MethodArguments parameters;

    private final EvaluationContext shared;

    CacheExpression(Expression spel, @Nullable DirectExpression direct, MethodArguments parameters,
            EvaluationContext shared) {
        this.spel = spel;
        this.direct = direct;
        this.parameters = parameters;
        this.shared = shared;
    }

    /** Whether the value comes from the arguments alone, so that a call needs no {@link Call} to get it. */
    boolean isDirect() {
        return this.direct != null;
    }

    /** The expression as written. */
    String text() {
        return this.spel.getExpressionString();
    }

    @Nullable Object value(Call call) {
        DirectExpression direct = this.direct;
        if (direct != null) {
            Object value = direct.value(call.args());
            if (value != DirectExpression.UNDECIDED) {
                return value;
            }
        }
        return call.evaluate(this.spel);
    }

    /**
     * The value for a call that has no {@link Call}: only for {@link #isDirect() direct} expressions, which make one
     * only when SpEL must decide.
     */
    @Nullable Object value(MethodInvocation invocation, Class<?> targetClass) {
        DirectExpression direct = this.direct;
        if (direct != null) {
            Object value = direct.value(invocation.getArguments());
            if (value != DirectExpression.UNDECIDED) {
                return value;
            }
        }
        return new Call(invocation, targetClass, this.parameters, this.shared).evaluate(this.spel);
    }

    /** The full key {@code {namespace}:{part}} whose part is the value, as {@link KeyRenderer#keyOfValue} makes it. */
    String key(KeyRenderer keys, String namespace, Call call) {
        String key = directKey(keys, namespace, call.args());
        return (key != null) ? key : keys.keyOfValue(namespace, call.evaluate(this.spel));
    }

    /**
     * The full key whose part is the value, for a call that has no {@link Call}: only for {@link #isDirect() direct}
     * expressions, which make one only when SpEL must decide.
     */
    String key(KeyRenderer keys, String namespace, MethodInvocation invocation, Class<?> targetClass) {
        String key = directKey(keys, namespace, invocation.getArguments());
        if (key != null) {
            return key;
        }
        return keys.keyOfValue(namespace,
                new Call(invocation, targetClass, this.parameters, this.shared).evaluate(this.spel));
    }

    /**
     * The key of the direct value, or {@code null} when there is none or SpEL must decide. Strings joined with
     * {@code +} are written straight into the key.
     */
    private @Nullable String directKey(KeyRenderer keys, String namespace, Object[] args) {
        DirectExpression direct = this.direct;
        if (direct instanceof Concatenation joined) {
            StringBuilder key = KeyRenderer.startKeyOfText(namespace, joined.capacity());
            return joined.appendTo(key, args) ? keys.keyOfText(key, namespace) : null;
        }
        if (direct != null) {
            Object value = direct.value(args);
            if (value != DirectExpression.UNDECIDED) {
                return keys.keyOfValue(namespace, value);
            }
        }
        return null;
    }

    /** Whether the expression is {@code true} for a call, a value converted to a boolean as SpEL converts it. */
    boolean isTrue(Call call) {
        DirectExpression direct = this.direct;
        if (direct != null) {
            Object value = direct.value(call.args());
            if (value instanceof Boolean bool) {
                return bool;
            }
            if (value == null) {
                return false;
            }
        }
        return call.isTrue(this.spel);
    }

    @Override
    public String toString() {
        return text();
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.Objects;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * One call of a cached method, as its operations see it: Spring's {@link MethodInvocation} (method, target,
 * arguments as the call began), the class of the target and, once the method returned, its result. This record is
 * not the SpEL evaluation context: that is a {@link CallContext}, made from it when an expression first needs SpEL,
 * so that expressions evaluated from the arguments alone ({@link DirectExpression}) never make one. Calls whose key
 * is made from the arguments alone, without condition, unless or tags, make no {@code Call} at all.
 */
final class Call {

    private final MethodInvocation invocation;

    /** The arguments as the call began, whatever an inner advice sets later. */
    private final Object[] args;

    private final Class<?> targetClass;

    private final MethodArguments parameters;

    private final EvaluationContext shared;

    private boolean hasResult;

    private @Nullable Object result;

    private @Nullable CallContext context;

    /**
     * @param invocation the call; its target is not {@code null}
     * @param targetClass the class of the target, as Spring AOP names it
     * @param parameters what the method's parameters are called
     * @param shared the resolvers, accessors and converters of every call, see {@link CachedExpressions#shared()}
     */
    Call(MethodInvocation invocation, Class<?> targetClass, MethodArguments parameters, EvaluationContext shared) {
        this.invocation = invocation;
        this.args = invocation.getArguments();
        this.targetClass = targetClass;
        this.parameters = parameters;
        this.shared = shared;
    }

    /** A copy of the call that a background refresh runs, sharing no state with this one. */
    Call detached() {
        return new Call(SuspendingFunctions.detached(this.invocation), this.targetClass, this.parameters, this.shared);
    }

    /** Runs the method: what a miss of a call whose result decides how it is stored does. */
    @Nullable Object proceed() throws Throwable {
        return this.invocation.proceed();
    }

    /** The call itself. */
    MethodInvocation invocation() {
        return this.invocation;
    }

    Method method() {
        return this.invocation.getMethod();
    }

    Object target() {
        return Objects.requireNonNull(this.invocation.getThis());
    }

    Class<?> targetClass() {
        return this.targetClass;
    }

    Object[] args() {
        return this.args;
    }

    MethodArguments parameters() {
        return this.parameters;
    }

    /** Makes the method's result visible to expressions as {@code #result}. */
    void result(@Nullable Object result) {
        this.result = result;
        this.hasResult = true;
    }

    boolean hasResult() {
        return this.hasResult;
    }

    @Nullable Object result() {
        return this.result;
    }

    /** Evaluates an expression with SpEL. */
    @Nullable Object evaluate(Expression expression) {
        return expression.getValue(context());
    }

    /** Whether SpEL finds an expression {@code true}, converting its value to a boolean as SpEL converts. */
    boolean isTrue(Expression expression) {
        return Boolean.TRUE.equals(expression.getValue(context(), Boolean.class));
    }

    private CallContext context() {
        CallContext context = this.context;
        if (context == null) {
            context = new CallContext(this.shared, this);
            this.context = context;
        }
        return context;
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;

/**
 * The SpEL evaluation context of one call's expressions. The call itself is Spring's {@link MethodInvocation}
 * (method, target, arguments), which this context reads but does not copy; what the method's parameters are called
 * comes from its {@link MethodArguments}, found once. The context makes nothing up front: {@code #name}, {@code #p0}
 * and {@code #a0} are read from the arguments when asked for, {@code #root} is built when asked for, and the
 * resolvers, accessors and converters are the ones {@link CachedExpressions} built once for all calls, with their
 * caches. Calls whose keys are all arguments or one argument, without condition, unless or tags, never make one.
 */
final class CallContext implements EvaluationContext {

    /** Where the resolvers, accessors and converters come from: {@link CachedExpressions#shared()}. */
    private final EvaluationContext shared;

    private final MethodArguments parameters;

    private final MethodInvocation invocation;

    /** The arguments as the call began, whatever an inner advice sets later. */
    private final Object[] args;

    private final Class<?> targetClass;

    private @Nullable TypedValue root;

    private boolean hasResult;

    private @Nullable Object result;

    /** Variables that an expression assigned, such as {@code #x = ...}; rare. */
    private @Nullable Map<String, @Nullable Object> assigned;

    /**
     * @param invocation the call; its target is not {@code null}
     * @param targetClass the class of the target, as Spring AOP names it
     */
    CallContext(EvaluationContext shared, MethodArguments parameters, MethodInvocation invocation,
            Class<?> targetClass) {
        this.shared = shared;
        this.parameters = parameters;
        this.invocation = invocation;
        this.args = invocation.getArguments();
        this.targetClass = targetClass;
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

    Object[] args() {
        return this.args;
    }

    /** Makes the method's result visible to expressions as {@code #result}. */
    void result(@Nullable Object result) {
        this.result = result;
        this.hasResult = true;
    }

    @Nullable Object evaluate(Expression expression) {
        return expression.getValue(this);
    }

    boolean isTrue(Expression expression) {
        return Boolean.TRUE.equals(expression.getValue(this, Boolean.class));
    }

    @Override
    public TypedValue getRootObject() {
        TypedValue root = this.root;
        if (root == null) {
            root = new TypedValue(new CachedExpressionRoot(method(), target(), this.targetClass, this.args));
            this.root = root;
        }
        return root;
    }

    @Override
    public @Nullable Object lookupVariable(String name) {
        if (this.assigned != null && this.assigned.containsKey(name)) {
            return this.assigned.get(name);
        }
        if (this.hasResult && name.equals(CachedExpressions.RESULT)) {
            return this.result;
        }
        int index = this.parameters.indexOf(name);
        return (index >= 0) ? this.args[index] : null;
    }

    @Override
    public void setVariable(String name, @Nullable Object value) {
        if (this.assigned == null) {
            this.assigned = new HashMap<>();
        }
        this.assigned.put(name, value);
    }

    @Override
    public List<PropertyAccessor> getPropertyAccessors() {
        return this.shared.getPropertyAccessors();
    }

    @Override
    public List<IndexAccessor> getIndexAccessors() {
        return this.shared.getIndexAccessors();
    }

    @Override
    public List<ConstructorResolver> getConstructorResolvers() {
        return this.shared.getConstructorResolvers();
    }

    @Override
    public List<MethodResolver> getMethodResolvers() {
        return this.shared.getMethodResolvers();
    }

    @Override
    public @Nullable BeanResolver getBeanResolver() {
        return this.shared.getBeanResolver();
    }

    @Override
    public TypeLocator getTypeLocator() {
        return this.shared.getTypeLocator();
    }

    @Override
    public TypeConverter getTypeConverter() {
        return this.shared.getTypeConverter();
    }

    @Override
    public TypeComparator getTypeComparator() {
        return this.shared.getTypeComparator();
    }

    @Override
    public OperatorOverloader getOperatorOverloader() {
        return this.shared.getOperatorOverloader();
    }
}

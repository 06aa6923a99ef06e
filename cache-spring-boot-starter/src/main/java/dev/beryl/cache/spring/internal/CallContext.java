package dev.beryl.cache.spring.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.ConstructorResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.IndexAccessor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.OperatorOverloader;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypeComparator;
import org.springframework.expression.TypeConverter;
import org.springframework.expression.TypeLocator;
import org.springframework.expression.TypedValue;

/**
 * The SpEL evaluation context of one {@link Call}'s expressions, made when the first of them needs SpEL. It copies
 * nothing: {@code #name}, {@code #p0} and {@code #a0} are read from the call's arguments when asked for, through the
 * method's {@link MethodArguments} (found once); {@code #result} from the call once it has one; {@code #root} is
 * built when asked for; and the resolvers, accessors and converters are the ones {@link CachedExpressions} built once
 * for all calls, with their caches.
 */
final class CallContext implements EvaluationContext {

    /** Where the resolvers, accessors and converters come from: {@link CachedExpressions#shared()}. */
    private final EvaluationContext shared;

    private final Call call;

    private @Nullable TypedValue root;

    /** Variables that an expression assigned, such as {@code #x = ...}; rare. */
    private @Nullable Map<String, @Nullable Object> assigned;

    CallContext(EvaluationContext shared, Call call) {
        this.shared = shared;
        this.call = call;
    }

    @Override
    public TypedValue getRootObject() {
        TypedValue root = this.root;
        if (root == null) {
            Call call = this.call;
            root = new TypedValue(new CachedExpressionRoot(call.method(), call.target(), call.targetClass(),
                    call.args()));
            this.root = root;
        }
        return root;
    }

    @Override
    public @Nullable Object lookupVariable(String name) {
        if (this.assigned != null && this.assigned.containsKey(name)) {
            return this.assigned.get(name);
        }
        Call call = this.call;
        if (call.hasResult() && name.equals(CachedExpressions.RESULT)) {
            return call.result();
        }
        int index = call.parameters().indexOf(name);
        return (index >= 0) ? call.args()[index] : null;
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

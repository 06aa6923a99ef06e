package dev.beryl.cache.spring.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.support.ReflectiveMethodExecutor;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves methods in cache expressions as SpEL does, and runs the ones without parameters (accessors such as
 * {@code #query.text()} or {@code #user.getId()}, the usual parts of a key) without what SpEL's executor does on
 * every call: describing the return type anew. Methods with parameters run exactly as SpEL runs them. The executor
 * stays a {@link ReflectiveMethodExecutor}, so that SpEL can still compile the expressions it can compile.
 */
final class AccessorMethodResolver extends ReflectiveMethodResolver {

    @Override
    public @Nullable MethodExecutor resolve(EvaluationContext context, Object targetObject, String name,
            List<TypeDescriptor> argumentTypes) throws AccessException {
        MethodExecutor resolved = super.resolve(context, targetObject, name, argumentTypes);
        if (resolved != null && resolved.getClass() == ReflectiveMethodExecutor.class && argumentTypes.isEmpty()) {
            ReflectiveMethodExecutor reflective = (ReflectiveMethodExecutor) resolved;
            if (reflective.getMethod().getParameterCount() == 0) {
                Class<?> targetClass = (targetObject instanceof Class<?> type) ? type : targetObject.getClass();
                return new AccessorExecutor(reflective.getMethod(), targetClass);
            }
        }
        return resolved;
    }

    /** Runs one method without parameters; describes its return type once, and the last narrower type seen. */
    static final class AccessorExecutor extends ReflectiveMethodExecutor {

        private final Method invoked;

        private final TypeDescriptor returnType;

        private volatile Narrowed narrowed;

        AccessorExecutor(Method method, Class<?> targetClass) {
            super(method, targetClass);
            Method publicMethod = ClassUtils.getPubliclyAccessibleMethodIfPossible(method, targetClass);
            ReflectionUtils.makeAccessible(publicMethod);
            this.invoked = publicMethod;
            this.returnType = new TypeDescriptor(new MethodParameter(method, -1));
            this.narrowed = new Narrowed(this.returnType.getType(), this.returnType);
        }

        @Override
        public TypedValue execute(EvaluationContext context, Object target, @Nullable Object... arguments)
                throws AccessException {
            if (arguments != null && arguments.length != 0) {
                return super.execute(context, target, arguments);
            }
            Object value;
            try {
                value = this.invoked.invoke(target);
            }
            catch (IllegalAccessException | InvocationTargetException | RuntimeException ex) {
                throw new AccessException("Problem invoking method: " + this.invoked, ex);
            }
            return new TypedValue(value, describe(value));
        }

        /** What SpEL would say of the value: the return type, narrowed to the value's class. */
        private TypeDescriptor describe(@Nullable Object value) {
            if (value == null) {
                return this.returnType;
            }
            Narrowed last = this.narrowed;
            if (last.type == value.getClass()) {
                return last.descriptor;
            }
            TypeDescriptor descriptor = this.returnType.narrow(value);
            this.narrowed = new Narrowed(value.getClass(), descriptor);
            return descriptor;
        }

        private record Narrowed(Class<?> type, TypeDescriptor descriptor) {
        }
    }
}

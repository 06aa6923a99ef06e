package dev.beryl.cache.spring.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.spel.ExpressionState;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.Literal;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.support.ReflectiveMethodExecutor;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.spring.internal.DirectExpression.Concatenation;
import dev.beryl.cache.spring.internal.DirectExpression.Constant;
import dev.beryl.cache.spring.internal.DirectExpression.Path;
import dev.beryl.cache.spring.internal.DirectExpression.Step;

/**
 * Builds the {@link DirectExpression} of a parsed SpEL expression when every part of it is of a shape it knows:
 * <ul>
 * <li>an argument: {@code #query}, {@code #p0}, {@code #a0}, {@code #root.args[0]};</li>
 * <li>on it, methods without parameters and properties read through a getter, without {@code ?.}:
 * {@code #query.text()}, {@code #query.page}, {@code #user.getAddress().city()};</li>
 * <li>literals (strings, numbers, negative numbers, booleans, {@code null}) and {@code #root.methodName};</li>
 * <li>{@code +} of such operands whose first operand is declared a {@code String}, so that every {@code +} joins
 * strings, and whose other operands may be written without SpEL ({@link StringRendering}).</li>
 * </ul>
 * Anything else (methods with arguments, operators other than {@code +}, ternaries, selections, bean references,
 * types, {@code ?.}, fields, {@code #result}) leaves the expression to SpEL. A method or getter is resolved once, on
 * the declared type, as SpEL resolves it on a value's class; on a value of another class (the declared type is an
 * interface, or a class with subclasses) it runs once SpEL was found to choose the same method on that class.
 */
final class DirectExpressions {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    /** Where SpEL's method resolver gets its type converter from, and negative literals are worked out. */
    private final EvaluationContext context;

    private final StringRendering rendering;

    /** How many operations SpEL permits in one evaluation. */
    private final int maxOperations;

    private final ReflectiveMethodResolver methods = new ReflectiveMethodResolver();

    private final Getters getters = new Getters();

    DirectExpressions(EvaluationContext context, int maxOperations) {
        this.context = context;
        this.rendering = new StringRendering(context.getTypeConverter());
        this.maxOperations = maxOperations;
    }

    /** The direct form of an expression of a method, or {@code null} if SpEL must evaluate it. */
    @Nullable DirectExpression of(SpelNode ast, MethodArguments arguments) {
        if (size(ast) >= this.maxOperations) {
            return null;
        }
        if (ast instanceof OpPlus && ast.getChildCount() == 2) {
            List<DirectExpression> operands = new ArrayList<>();
            return concatenation(ast, arguments, operands)
                    ? new Concatenation(operands.toArray(DirectExpression[]::new), this.rendering) : null;
        }
        Typed operand = operand(ast, arguments);
        return (operand != null) ? operand.expression() : null;
    }

    /**
     * Whether SpEL, on this target, runs the method that was resolved on its declared type: the same method (an
     * override of it) for a method, the same getter for a property.
     */
    boolean choosesSame(Object target, String name, boolean property, Method resolved) {
        Class<?> type = target.getClass();
        if (target instanceof Class || type.isArray()) {
            return false;
        }
        Method chosen;
        if (property) {
            chosen = this.getters.getter(name, type);
        }
        else {
            try {
                MethodExecutor executor = this.methods.resolve(this.context, target, name, List.of());
                chosen = (executor instanceof ReflectiveMethodExecutor reflective) ? reflective.getMethod() : null;
            }
            catch (AccessException | RuntimeException ex) {
                chosen = null;
            }
        }
        return chosen != null && !Modifier.isStatic(chosen.getModifiers()) && chosen.getParameterCount() == 0
                && chosen.getName().equals(resolved.getName());
    }

    /** Adds the operands of a {@code +} (left first) and says whether they all may be evaluated directly. */
    private boolean concatenation(SpelNode plus, MethodArguments arguments, List<DirectExpression> operands) {
        SpelNode left = plus.getChild(0);
        if (left instanceof OpPlus && left.getChildCount() == 2) {
            if (!concatenation(left, arguments, operands)) {
                return false;
            }
        }
        else {
            Typed first = operand(left, arguments);
            if (first == null || first.type() != String.class) {
                return false;
            }
            operands.add(first.expression());
        }
        Typed next = operand(plus.getChild(1), arguments);
        if (next == null || (next.type() != null && !this.rendering.mayWrite(next.type()))) {
            return false;
        }
        operands.add(next.expression());
        return true;
    }

    private @Nullable Typed operand(SpelNode node, MethodArguments arguments) {
        if (node instanceof Literal literal) {
            return constant(literal.getLiteralValue().getValue());
        }
        if (node instanceof OpMinus && node.getChildCount() == 1 && node.getChild(0) instanceof Literal literal
                && literal.isNumberLiteral()) {
            try {
                return constant(node.getValue(new ExpressionState(this.context)));
            }
            catch (RuntimeException ex) {
                return null;
            }
        }
        if (node instanceof VariableReference) {
            return argument(node, arguments);
        }
        if (node instanceof CompoundExpression) {
            return path(node, arguments);
        }
        return null;
    }

    private static Typed constant(@Nullable Object value) {
        return new Typed(new Constant(value), (value != null) ? value.getClass() : null);
    }

    private static @Nullable Typed argument(SpelNode variable, MethodArguments arguments) {
        String name = variable.toStringAST().substring(1);
        if (name.equals("root") || name.equals("this") || name.equals(CachedExpressions.RESULT)) {
            return null;
        }
        int index = arguments.indexOf(name);
        return (index >= 0) ? argument(index, arguments) : null;
    }

    private static Typed argument(int index, MethodArguments arguments) {
        return new Typed(new Path(index, new Step[0]), arguments.type(index));
    }

    /** {@code #root.methodName}, or an argument followed by methods and properties. */
    private @Nullable Typed path(SpelNode compound, MethodArguments arguments) {
        int count = compound.getChildCount();
        SpelNode head = compound.getChild(0);
        if (!(head instanceof VariableReference)) {
            return null;
        }
        Typed start;
        int next;
        if (head.toStringAST().equals("#root")) {
            SpelNode property = compound.getChild(1);
            if (!(property instanceof PropertyOrFieldReference reference) || reference.isNullSafe()) {
                return null;
            }
            if (reference.getName().equals("methodName") && count == 2) {
                return constant(arguments.method().getName());
            }
            if (!reference.getName().equals("args") || count < 3
                    || !(compound.getChild(2) instanceof Indexer indexer) || indexer.isNullSafe()
                    || !(indexer.getChild(0) instanceof IntLiteral literal)) {
                return null;
            }
            int index = (Integer) literal.getLiteralValue().getValue();
            if (index < 0 || index >= arguments.count()) {
                return null;
            }
            start = argument(index, arguments);
            next = 3;
        }
        else {
            start = argument(head, arguments);
            next = 1;
        }
        if (start == null) {
            return null;
        }
        Class<?> type = Objects.requireNonNull(start.type());
        Step[] steps = new Step[count - next];
        for (int i = next; i < count; i++) {
            SpelNode node = compound.getChild(i);
            Step step;
            if (node instanceof MethodReference method && node.getChildCount() == 0 && !method.isNullSafe()) {
                step = step(type, method.getName(), false);
            }
            else if (node instanceof PropertyOrFieldReference property && !property.isNullSafe()) {
                step = step(type, property.getName(), true);
            }
            else {
                return null;
            }
            if (step == null) {
                return null;
            }
            steps[i - next] = step;
            type = step.returnType();
        }
        return new Typed(new Path(((Path) start.expression()).argument(), steps), type);
    }

    /** A method or property on values of a declared type, resolved as SpEL resolves it on that type. */
    private @Nullable Step step(Class<?> declared, String name, boolean property) {
        Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(declared);
        if (type == Class.class || type.isArray()) {
            // SpEL reads a Class as a type (static members), and arrays have a length.
            return null;
        }
        Method method = property ? this.getters.getter(name, type) : method(type, name);
        if (method == null || Modifier.isStatic(method.getModifiers()) || method.getReturnType() == void.class) {
            return null;
        }
        MethodHandle handle = handle(method, type);
        if (handle == null) {
            return null;
        }
        boolean instantiable = !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
        return new Step(name, property, method, handle, this, instantiable ? type : null);
    }

    /**
     * The method SpEL runs for {@code name()} on a value of this class: of the public methods, the first without
     * parameters of that name (the method a bridge stands for).
     */
    private static @Nullable Method method(Class<?> type, String name) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 0) {
                return BridgeMethodResolver.findBridgedMethod(method);
            }
        }
        return null;
    }

    /**
     * Runs the method as SpEL runs it: through a public interface or superclass that declares it where there is
     * one, else made accessible; {@code null} when it cannot be.
     */
    private static @Nullable MethodHandle handle(Method method, Class<?> type) {
        Method invoked = ClassUtils.getPubliclyAccessibleMethodIfPossible(method, type);
        try {
            MethodHandle handle;
            try {
                handle = MethodHandles.publicLookup().unreflect(invoked);
            }
            catch (IllegalAccessException ex) {
                if (!invoked.trySetAccessible()) {
                    return null;
                }
                handle = MethodHandles.lookup().unreflect(invoked);
            }
            return handle.asType(GETTER);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            return null;
        }
    }

    private static int size(SpelNode node) {
        int size = 1;
        for (int i = 0; i < node.getChildCount(); i++) {
            size += size(node.getChild(i));
        }
        return size;
    }

    /** An operand and its static type ({@code null} for the literal {@code null}). */
    private record Typed(DirectExpression expression, @Nullable Class<?> type) {
    }

    /** SpEL's own search for the getter of a property. */
    private static final class Getters extends ReflectivePropertyAccessor {

        Getters() {
            super(false);
        }

        @Nullable Method getter(String name, Class<?> type) {
            return findGetterForProperty(name, type, false);
        }
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A cache expression of the common shapes of keys and tags, evaluated from the arguments of a call without SpEL, to
 * SpEL's value: an argument, zero-argument methods and properties read on it, literals, and strings joined with
 * {@code +}. {@link DirectExpressions} builds one only for an expression whose every part it knows. A call for which
 * it cannot be sure to give SpEL's answer (a {@code null} where SpEL would fail, a value whose rendering it does not
 * know, a class on which SpEL might choose another method, an exception) gets {@link #UNDECIDED}, and the caller asks
 * SpEL for that call.
 */
sealed interface DirectExpression permits DirectExpression.Constant, DirectExpression.Path,
        DirectExpression.Concatenation {

    /** The answer of an evaluation that leaves the call to SpEL. */
    Object UNDECIDED = new Object() {

        @Override
        public String toString() {
            return "UNDECIDED";
        }
    };

    /** The value of the expression, or {@link #UNDECIDED}. */
    @Nullable Object value(Object[] args);

    /** A value known when the method's plan is built: a literal, or {@code #root.methodName}. */
    record Constant(@Nullable Object constant) implements DirectExpression {

        @Override
        public @Nullable Object value(Object[] args) {
            return this.constant;
        }
    }

    /** An argument, then methods without parameters or properties read on it: {@code #query.owner().name}. */
    record Path(int argument, Step[] steps) implements DirectExpression {

        @Override
        public @Nullable Object value(Object[] args) {
            Object value = args[this.argument];
            for (Step step : this.steps) {
                if (value == null) {
                    return UNDECIDED;
                }
                value = step.apply(value);
                if (value == UNDECIDED) {
                    break;
                }
            }
            return value;
        }

        @Override
        public String toString() {
            return "#p" + this.argument + Arrays.toString(this.steps);
        }
    }

    /**
     * Strings joined with {@code +}, the first operand a string (or {@code null}), so that each {@code +} joins
     * strings: the other operands are written as SpEL's {@code +} writes them ({@link StringRendering}).
     */
    final class Concatenation implements DirectExpression {

        /** SpEL refuses to make longer strings with {@code +}. */
        static final int MAX_LENGTH = 100_000;

        private static final int MAX_CAPACITY = 512;

        private final DirectExpression[] operands;

        /** The text of each operand that is a {@link Constant}, written when the expression was built; else null. */
        private final @Nullable String[] constants;

        private final StringRendering rendering;

        /**
         * The longest string made so far, up to {@link #MAX_CAPACITY}: the builder's first size, so that it is not
         * made larger than needed nor grown. Read and written without synchronization: any value is a good guess.
         */
        private int capacity = 16;

        /**
         * @param operands the operands, the first a string or {@code null}, the others of types that the rendering
         * may write
         */
        Concatenation(DirectExpression[] operands, StringRendering rendering) {
            this.operands = operands;
            this.rendering = rendering;
            this.constants = new String[operands.length];
            for (int i = 0; i < operands.length; i++) {
                StringBuilder text = new StringBuilder();
                if (operands[i] instanceof Constant constant && (i > 0 || constant.constant() instanceof String)
                        && rendering.append(text, constant.constant())) {
                    this.constants[i] = text.toString();
                }
            }
        }

        @Override
        public @Nullable Object value(Object[] args) {
            StringBuilder text = new StringBuilder(this.capacity);
            return appendTo(text, args) ? text.toString() : UNDECIDED;
        }

        /** The length of the longest string made so far (up to a bound): a builder's first size. */
        int capacity() {
            return this.capacity;
        }

        /**
         * Appends the value to a builder, for a key made in one builder; {@code false}, with anything appended, when
         * SpEL must decide.
         */
        boolean appendTo(StringBuilder text, Object[] args) {
            int start = text.length();
            DirectExpression[] operands = this.operands;
            @Nullable String[] constants = this.constants;
            Object first = (constants[0] != null) ? constants[0] : operands[0].value(args);
            int next = 1;
            if (first instanceof String string) {
                text.append(string);
            }
            else if (first == null) {
                // SpEL joins null and a string as "null" and the string, and refuses null and anything else.
                Object second = operands[1].value(args);
                if (!(second instanceof String string)) {
                    return false;
                }
                text.append("null").append(string);
                next = 2;
            }
            else {
                return false;
            }
            for (int i = next; i < operands.length; i++) {
                String constant = constants[i];
                if (constant != null) {
                    text.append(constant);
                    continue;
                }
                Object operand = operands[i].value(args);
                if (operand == UNDECIDED || !this.rendering.append(text, operand)) {
                    return false;
                }
            }
            int length = text.length() - start;
            if (length > this.capacity && length <= MAX_CAPACITY) {
                this.capacity = length;
            }
            return length <= MAX_LENGTH;
        }

        @Override
        public String toString() {
            return "concat" + Arrays.toString(this.operands);
        }
    }

    /**
     * A method without parameters, or a property read through its getter, on the value before. It was resolved on
     * the declared type as SpEL resolves it; on a value of another class it runs only once SpEL was found to choose
     * the same method there (for a property: the same getter, and not a field or another getter).
     */
    final class Step {

        /** How many classes a step remembers as checked; a value of any other class is checked on every call. */
        private static final int MAX_CHECKED = 8;

        private final String name;

        private final boolean property;

        private final Method method;

        private final MethodHandle handle;

        private final DirectExpressions resolver;

        /** The declared type, when it is a class whose instances SpEL was found to run {@code method} on. */
        private final @Nullable Class<?> declared;

        /** Other classes found so. */
        private volatile Class<?>[] checked = new Class<?>[0];

        /**
         * @param name the method's or the property's name as the expression writes it
         * @param method the method SpEL runs on the declared type
         * @param handle runs {@code method} on a target, {@code (Object) -> Object}
         * @param checkedType the declared type if SpEL was found to choose {@code method} on it, else {@code null}
         */
        Step(String name, boolean property, Method method, MethodHandle handle, DirectExpressions resolver,
                @Nullable Class<?> checkedType) {
            this.name = name;
            this.property = property;
            this.method = method;
            this.handle = handle;
            this.resolver = resolver;
            this.declared = checkedType;
        }

        /** The type of the values of this step, as declared. */
        Class<?> returnType() {
            return this.method.getReturnType();
        }

        /** The value of this step on a target that is not {@code null}, or {@link #UNDECIDED}. */
        @Nullable Object apply(Object target) {
            Class<?> type = target.getClass();
            if (type != this.declared && !isChecked(type) && !check(target)) {
                return UNDECIDED;
            }
            try {
                return (Object) this.handle.invokeExact(target);
            }
            catch (VirtualMachineError ex) {
                throw ex;
            }
            catch (Throwable ex) {
                // SpEL runs the method again and reports what it throws, as it reports it.
                return UNDECIDED;
            }
        }

        private boolean isChecked(Class<?> type) {
            for (Class<?> checked : this.checked) {
                if (checked == type) {
                    return true;
                }
            }
            return false;
        }

        private boolean check(Object target) {
            if (!this.resolver.choosesSame(target, this.name, this.property, this.method)) {
                return false;
            }
            Class<?>[] checked = this.checked;
            if (checked.length < MAX_CHECKED) {
                Class<?>[] more = Arrays.copyOf(checked, checked.length + 1);
                more[checked.length] = target.getClass();
                this.checked = more;
            }
            return true;
        }

        @Override
        public String toString() {
            return this.property ? this.name : this.name + "()";
        }
    }
}

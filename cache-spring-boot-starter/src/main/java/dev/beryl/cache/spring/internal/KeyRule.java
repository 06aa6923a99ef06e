package dev.beryl.cache.spring.internal;

import org.aopalliance.intercept.MethodInvocation;

import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;

/**
 * How the key part of a call is made: decided once per annotation, applied on every call. Values are rendered by
 * the application's {@link KeyRenderer}, whose memo digests a repeated record once.
 */
@FunctionalInterface
interface KeyRule {

    String part(Call call);

    /**
     * The full key {@code {namespace}:{part}} of a call, as {@link KeyParts#fullKey} makes it (at most 512 bytes,
     * no control characters); rules that can, build it without a part string between.
     */
    default String fullKey(String namespace, Call call) {
        return KeyParts.fullKey(namespace, part(call));
    }

    /**
     * Whether the part depends on the arguments alone, so that {@link #key(String, MethodInvocation, Class)} may be
     * used.
     */
    default boolean argumentsOnly() {
        return false;
    }

    /**
     * The full key {@code {namespace}:{part}}, from the arguments alone, without a {@link Call}; only for rules that
     * {@link #argumentsOnly() depend on nothing else}.
     * @param targetClass the class of the target, for SpEL when a direct expression leaves a call to it
     */
    default String key(String namespace, MethodInvocation invocation, Class<?> targetClass) {
        throw new UnsupportedOperationException("This key needs the call, not only its arguments");
    }

    /**
     * {@link #key(String, MethodInvocation, Class)} in the form the in-memory backend holds it: a {@link NumberKey}
     * where the key is one integral number, else the same text.
     */
    default Object heldKey(String namespace, MethodInvocation invocation, Class<?> targetClass) {
        return key(namespace, invocation, targetClass);
    }

    /** All arguments, as {@link KeyParts#ofArguments} renders them. */
    static KeyRule allArguments(KeyRenderer keys) {
        return new ArgumentsRule(keys, -1);
    }

    /**
     * All arguments, those where {@code secret} is {@code true} as {@link KeyParts#ofSecret digests}: the default
     * key of a method that receives credentials.
     */
    static KeyRule allArguments(KeyRenderer keys, boolean[] secret) {
        return new SecretArgumentsRule(keys, secret.clone());
    }

    /** One argument, for keys like {@code #id} or {@code #p0}, without evaluating SpEL. */
    static KeyRule argument(KeyRenderer keys, int index) {
        return new ArgumentsRule(keys, index);
    }

    /** A rule whose key depends on the arguments alone, so that a call needs no {@link Call} to make it. */
    interface FromArguments extends KeyRule {

        @Override
        default boolean argumentsOnly() {
            return true;
        }

        @Override
        String key(String namespace, MethodInvocation invocation, Class<?> targetClass);
    }

    /** A key made of the arguments alone: all of them ({@code index} -1), or one. */
    record ArgumentsRule(KeyRenderer keys, int index) implements FromArguments {

        @Override
        public String part(Call call) {
            return (this.index < 0) ? this.keys.ofArguments(call.args()) : this.keys.ofValue(call.args()[this.index]);
        }

        @Override
        public String fullKey(String namespace, Call call) {
            return key(namespace, call.args());
        }

        @Override
        public String key(String namespace, MethodInvocation invocation, Class<?> targetClass) {
            return key(namespace, invocation.getArguments());
        }

        @Override
        public Object heldKey(String namespace, MethodInvocation invocation, Class<?> targetClass) {
            Object[] args = invocation.getArguments();
            // The key of all arguments, when there is one, is the key of that one.
            int index = (this.index < 0 && args.length == 1) ? 0 : this.index;
            NumberKey number = (index >= 0) ? NumberKey.ofValue(namespace, args[index]) : null;
            return (number != null) ? number : key(namespace, args);
        }

        private String key(String namespace, Object[] args) {
            return (this.index < 0) ? this.keys.key(namespace, args)
                    : this.keys.keyOfValue(namespace, args[this.index]);
        }
    }

    /**
     * All arguments, some of them secret: rendered as {@link KeyParts#ofArguments} renders them, but with the
     * secret ones as {@link KeyParts#ofSecret} renders them.
     */
    final class SecretArgumentsRule implements FromArguments {

        private final KeyRenderer keys;

        private final boolean[] secret;

        SecretArgumentsRule(KeyRenderer keys, boolean[] secret) {
            this.keys = keys;
            this.secret = secret;
        }

        @Override
        public String part(Call call) {
            return part(call.args());
        }

        @Override
        public String fullKey(String namespace, Call call) {
            return KeyParts.fullKey(namespace, part(call.args()));
        }

        @Override
        public String key(String namespace, MethodInvocation invocation, Class<?> targetClass) {
            return KeyParts.fullKey(namespace, part(invocation.getArguments()));
        }

        private String part(Object[] args) {
            if (args.length == 0) {
                return KeyParts.NO_ARGUMENTS;
            }
            StringBuilder part = new StringBuilder(48 * args.length);
            for (int i = 0; i < args.length; i++) {
                if (i > 0) {
                    part.append(',');
                }
                if (this.secret[i]) {
                    part.append(this.keys.ofSecret(args[i]));
                }
                else {
                    this.keys.appendTo(part, args[i]);
                }
            }
            return part.toString();
        }
    }

    /** The value of an expression; from the arguments alone when the expression is direct. */
    static KeyRule expression(KeyRenderer keys, CacheExpression expression) {
        return expression.isDirect() ? new DirectExpressionRule(keys, expression)
                : new ExpressionRule(keys, expression);
    }

    /** The key of an expression's value. */
    interface ExpressionKey extends KeyRule {

        KeyRenderer keys();

        CacheExpression expression();

        @Override
        default String part(Call call) {
            return keys().ofValue(expression().value(call));
        }

        @Override
        default String fullKey(String namespace, Call call) {
            return expression().key(keys(), namespace, call);
        }
    }

    record ExpressionRule(KeyRenderer keys, CacheExpression expression) implements ExpressionKey {
    }

    /** The value of a {@link CacheExpression#isDirect() direct} expression: a call needs no {@link Call} for it. */
    record DirectExpressionRule(KeyRenderer keys, CacheExpression expression) implements ExpressionKey, FromArguments {

        @Override
        public String key(String namespace, MethodInvocation invocation, Class<?> targetClass) {
            return this.expression.key(this.keys, namespace, invocation, targetClass);
        }
    }

    /** What a key generator makes. */
    static KeyRule generator(CacheKeyGenerator generator) {
        return (call) -> {
            String part = generator.generate(call.target(), call.method(), call.args());
            if (part == null) {
                throw new IllegalArgumentException("The key generator gave no key");
            }
            return part;
        };
    }
}

package dev.beryl.cache.spring;

import org.springframework.expression.Expression;

import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;

/** How the key part of a call is made: decided once per annotation, applied on every call. */
@FunctionalInterface
interface KeyRule {

    String part(CallContext call);

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
        return (call) -> KeyParts.ofValue(call.evaluate(expression));
    }

    /** What a key generator makes. */
    static KeyRule generator(CacheKeyGenerator generator) {
        return (call) -> {
            String part = generator.generate(call.target, call.method, call.args);
            if (part == null) {
                throw new IllegalArgumentException("The key generator gave no key");
            }
            return part;
        };
    }
}

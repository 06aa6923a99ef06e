package dev.beryl.cache.spring.internal;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.KotlinDetector;
import org.springframework.util.ClassUtils;

/**
 * Kotlin {@code suspend} functions, as Spring AOP calls them: the JVM method takes a {@code Continuation} as its last
 * argument, and, with kotlin-reflect and kotlinx-coroutines-reactor on the classpath, Spring's proxy runs the
 * function as a {@code Mono} at the end of the advice chain and awaits the {@code Mono} that the chain returns. So
 * every advice, Beryl's among them, sees a call that returns a {@code Mono} of the function's value. What is Kotlin's
 * own (the {@code Continuation}, Kotlin reflection) is never loaded here: the parser checks that it is there, and
 * Spring does the rest.
 */
final class SuspendingFunctions {

    /** What the parser looks for, and the artifact that brings it. */
    private static final String[][] DEPENDENCIES = { { "kotlin.reflect.full.KClasses", "kotlin-reflect" },
            { "kotlinx.coroutines.reactor.MonoKt", "kotlinx-coroutines-reactor" } };

    private SuspendingFunctions() {
    }

    /** Whether the method is a Kotlin {@code suspend} function: its last parameter is a {@code Continuation}. */
    static boolean isSuspending(Method method) {
        return KotlinDetector.isSuspendingFunction(method);
    }

    /** The artifacts that Spring needs to call a {@code suspend} function through a proxy and that are missing. */
    static List<String> missingDependencies(@Nullable ClassLoader classLoader) {
        List<String> missing = new ArrayList<>();
        for (String[] dependency : DEPENDENCIES) {
            if (!ClassUtils.isPresent(dependency[0], classLoader)) {
                missing.add(dependency[1]);
            }
        }
        return missing;
    }

    /**
     * The call of a {@code suspend} function as its keys, conditions and expressions see it: the arguments without the
     * {@code Continuation}, as Spring's own caching sees them. Proceeding runs the rest of the chain with the
     * arguments it was given, the {@code Continuation} included, as Spring's proxy needs.
     */
    static MethodInvocation withoutContinuation(MethodInvocation invocation) {
        return new KeyedInvocation(invocation);
    }

    /**
     * A copy of a call that may proceed once more, on another thread, after the call itself has returned: Spring's
     * {@link ProxyMethodInvocation#invocableClone()} (the rest of the advice chain runs again, with its own copy of
     * the arguments), or the call itself where it cannot be cloned.
     */
    static MethodInvocation detached(MethodInvocation invocation) {
        if (invocation instanceof KeyedInvocation keyed) {
            return new KeyedInvocation(detached(keyed.invocation));
        }
        return (invocation instanceof ProxyMethodInvocation proxied) ? proxied.invocableClone() : invocation;
    }

    private static final class KeyedInvocation implements MethodInvocation {

        private final MethodInvocation invocation;

        private final Object[] arguments;

        KeyedInvocation(MethodInvocation invocation) {
            this.invocation = invocation;
            Object[] all = invocation.getArguments();
            this.arguments = Arrays.copyOf(all, all.length - 1);
        }

        @Override
        public Method getMethod() {
            return this.invocation.getMethod();
        }

        @Override
        public Object[] getArguments() {
            return this.arguments;
        }

        @Override
        public @Nullable Object proceed() throws Throwable {
            return this.invocation.proceed();
        }

        @Override
        public @Nullable Object getThis() {
            return this.invocation.getThis();
        }

        @Override
        public AccessibleObject getStaticPart() {
            return this.invocation.getStaticPart();
        }
    }
}

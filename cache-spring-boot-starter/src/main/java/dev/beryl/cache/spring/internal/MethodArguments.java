package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterNameDiscoverer;

/**
 * The parameters of one method as its expressions name them: {@code #name} (where the names were compiled in),
 * {@code #p0} or {@code #a0}. Found once per method, when its plan is built; the one place where a variable name
 * becomes an argument, for start-up checks, for keys of one argument and for every call's variables. The
 * {@code Continuation} of a Kotlin {@code suspend} function is not one of them: its keys, expressions and key
 * generators see the arguments without it.
 */
final class MethodArguments {

    private final Method method;

    private final @Nullable String @Nullable [] names;

    private final int count;

    private MethodArguments(Method method, @Nullable String @Nullable [] names) {
        int count = method.getParameterCount() - (SuspendingFunctions.isSuspending(method) ? 1 : 0);
        this.method = method;
        this.names = (names != null && names.length > count) ? Arrays.copyOf(names, count) : names;
        this.count = count;
    }

    static MethodArguments of(Method method, ParameterNameDiscoverer discoverer) {
        return new MethodArguments(method, discoverer.getParameterNames(method));
    }

    Method method() {
        return this.method;
    }

    /** The names of the parameters, or {@code null} when they were not compiled in. */
    @Nullable String @Nullable [] names() {
        return this.names;
    }

    /** How many arguments expressions and keys see: all but the {@code Continuation} of a suspend function. */
    int count() {
        return this.count;
    }

    /** The declared type of an argument that expressions and keys see. */
    Class<?> type(int index) {
        return this.method.getParameterTypes()[index];
    }

    /**
     * The index of the argument that a variable stands for, or -1 if it stands for none. Parameter names come first:
     * a parameter named {@code p1} is that parameter.
     */
    int indexOf(String variable) {
        @Nullable String[] names = this.names;
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (variable.equals(names[i])) {
                    return i;
                }
            }
        }
        int index = position(variable);
        return (index < this.count) ? index : -1;
    }

    /** The index that {@code p0}, {@code a1} and the like name, or -1 for any other name. */
    static int position(String variable) {
        int length = variable.length();
        if (length < 2 || length > 10 || (variable.charAt(0) != 'p' && variable.charAt(0) != 'a')) {
            return -1;
        }
        int index = 0;
        for (int i = 1; i < length; i++) {
            char digit = variable.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            index = index * 10 + (digit - '0');
        }
        return index;
    }

    /** A parameter as messages name it: {@code 'id'}, or {@code #p0} without compiled names. */
    String describe(int index) {
        return (this.names != null) ? "'" + this.names[index] + "'" : "#p" + index;
    }

    /** The parameters as expressions name them, for messages: {@code #id, #region}, or {@code none}. */
    String describeNames() {
        List<String> described = new ArrayList<>();
        if (this.names != null) {
            for (String name : this.names) {
                described.add("#" + name);
            }
        }
        return described.isEmpty() ? "none" : String.join(", ", described);
    }
}

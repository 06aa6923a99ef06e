package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ResolvableType;

/**
 * How a method that returns a future or a publisher is cached: what its value is (the {@code T} of
 * {@code CompletableFuture<T>}, {@code CompletionStage<T>} and {@code Mono<T>}, the {@code List<T>} of a
 * {@code Flux<T>}, the {@code T} of a Kotlin {@code suspend} function, which Spring's proxy calls as a
 * {@code Mono<T>}), how to wait for that value without blocking, and how to hand a value back as the method's
 * return type. Reactor is optional: its types are looked at only when a method returns one of them or suspends.
 */
abstract class AsyncReturn {

    private static final String MONO = "reactor.core.publisher.Mono";

    private static final String FLUX = "reactor.core.publisher.Flux";

    private static final AsyncReturn FUTURE = new Futures();

    /**
     * How the method's return type is cached, or {@code null} for a method that returns its value itself.
     * Return types that are asynchronous in another way are refused by the parser.
     */
    static @Nullable AsyncReturn of(Method method) {
        if (SuspendingFunctions.isSuspending(method)) {
            return ReactorReturns.SUSPENDING;
        }
        Class<?> returnType = method.getReturnType();
        if (returnType == CompletableFuture.class || returnType == CompletionStage.class) {
            return FUTURE;
        }
        if (returnType.getName().equals(MONO)) {
            return ReactorReturns.MONO;
        }
        if (returnType.getName().equals(FLUX)) {
            return ReactorReturns.FLUX;
        }
        return null;
    }

    /** The type of the values cached for the method's generic return type, resolved against its class. */
    Type valueType(ResolvableType returnType) {
        ResolvableType value = returnType.getGeneric(0);
        return (value == ResolvableType.NONE) ? Object.class : value.getType();
    }

    /**
     * The value that the method's return value will complete with, as a stage; {@code null} (a method that
     * returned no future at all) is a {@code null} value.
     */
    abstract CompletionStage<?> toStage(@Nullable Object returned);

    /**
     * The method's return value for a cached call: {@code call} starts the call (lookup, and the method on a miss)
     * and gives the future of its value. A future starts it at once; a publisher when it is subscribed to, and
     * again at each subscription.
     * @param call given the HTTP request that the call answers, or {@code null} outside one
     * @param needsRequest whether {@code call} needs the request; if not, it is given {@code null}
     */
    abstract Object fromFuture(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
            boolean needsRequest);

    /**
     * The invocation that one start of a call uses: the method's own for a future, which starts once; a copy for a
     * publisher, which starts again at each subscription.
     */
    abstract MethodInvocation invocation(MethodInvocation invocation);

    /**
     * Whether a call finds the WebFlux request it answers, through the subscriber's context: publishers do, a future
     * (which has no subscriber) does not.
     */
    boolean seesWebFluxRequest() {
        return true;
    }

    /** A copy of the invocation that can proceed on its own, for a publisher that calls the method at each start. */
    static MethodInvocation copy(MethodInvocation invocation) {
        return (invocation instanceof ProxyMethodInvocation proxied) ? proxied.invocableClone() : invocation;
    }

    /** {@code CompletableFuture<T>} and {@code CompletionStage<T>}. */
    private static final class Futures extends AsyncReturn {

        @Override
        CompletionStage<?> toStage(@Nullable Object returned) {
            return (returned != null) ? (CompletionStage<?>) returned : CompletableFuture.completedFuture(null);
        }

        @Override
        Object fromFuture(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
                boolean needsRequest) {
            return call.apply(needsRequest ? HttpCaching.currentRequest() : null);
        }

        @Override
        MethodInvocation invocation(MethodInvocation invocation) {
            return invocation;
        }

        @Override
        boolean seesWebFluxRequest() {
            return false;
        }
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code Mono<T>} and {@code Flux<T>}, and Kotlin {@code suspend} functions, which Spring's proxy calls as a
 * {@code Mono<T>}: loaded only when a cached method returns a publisher or suspends, so that Reactor stays optional.
 * A cached publisher is lazy like the method's own: nothing is looked up before it is subscribed to.
 */
final class ReactorReturns {

    /** {@code Mono<T>}: its value, or {@code null} for an empty {@code Mono} (stored only with {@code cacheNull}). */
    static final AsyncReturn MONO = new AsyncReturn() {

        @Override
        CompletionStage<?> toStage(@Nullable Object returned) {
            return (returned != null) ? ((Mono<?>) returned).toFuture() : CompletableFuture.completedFuture(null);
        }

        @Override
        Object fromFuture(Supplier<CompletableFuture<@Nullable Object>> call) {
            return Mono.defer(() -> Mono.fromFuture(call.get()));
        }

        @Override
        MethodInvocation invocation(MethodInvocation invocation) {
            return copy(invocation);
        }
    };

    /**
     * {@code Flux<T>}: collected into a list, which is what is stored, and replayed from it. A cached {@code Flux}
     * is therefore finite and held in memory whole.
     */
    static final AsyncReturn FLUX = new AsyncReturn() {

        @Override
        Type valueType(ResolvableType returnType) {
            return listOf(returnType);
        }

        @Override
        CompletionStage<?> toStage(@Nullable Object returned) {
            return (returned != null) ? ((Flux<?>) returned).collectList().toFuture()
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        Object fromFuture(Supplier<CompletableFuture<@Nullable Object>> call) {
            return Flux.defer(() -> Mono.fromFuture(call.get()).flatMapIterable((list) -> (List<?>) list));
        }

        @Override
        MethodInvocation invocation(MethodInvocation invocation) {
            return copy(invocation);
        }
    };

    /**
     * A Kotlin {@code suspend} function returning {@code T}: Spring's proxy runs it at the end of the advice chain as a
     * {@code Mono<T>} (empty for {@code null} and {@code Unit}) and awaits the {@code Mono} the chain returns, so
     * it is cached as a {@code Mono<T>} would be. Its value type is {@code T}, the Kotlin return type that Spring's
     * {@code MethodParameter} reads with kotlin-reflect; its keys and expressions see the arguments without the
     * {@code Continuation}.
     */
    static final AsyncReturn SUSPENDING = new AsyncReturn() {

        @Override
        Type valueType(ResolvableType returnType) {
            return returnType.getType();
        }

        @Override
        CompletionStage<?> toStage(@Nullable Object returned) {
            return (returned != null) ? Mono.from((Publisher<?>) returned).toFuture()
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        Object fromFuture(Supplier<CompletableFuture<@Nullable Object>> call) {
            return MONO.fromFuture(call);
        }

        @Override
        MethodInvocation invocation(MethodInvocation invocation) {
            return SuspendingFunctions.withoutContinuation(copy(invocation));
        }
    };

    private ReactorReturns() {
    }

    /** The value type of a {@code Flux<T>}: {@code List<T>}, since the collected list is what is cached. */
    private static Type listOf(ResolvableType returnType) {
        ResolvableType element = returnType.getGeneric(0);
        return ResolvableType.forClassWithGenerics(List.class,
                (element == ResolvableType.NONE) ? ResolvableType.forClass(Object.class) : element).getType();
    }
}

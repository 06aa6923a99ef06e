package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;

import org.springframework.util.ClassUtils;
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
        Object fromFuture(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
                boolean needsRequest) {
            return value(call, needsRequest);
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
        Object fromFuture(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
                boolean needsRequest) {
            return value(call, needsRequest).flatMapIterable((list) -> (List<?>) list);
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
        Object fromFuture(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
                boolean needsRequest) {
            return MONO.fromFuture(call, needsRequest);
        }

        @Override
        MethodInvocation invocation(MethodInvocation invocation) {
            return SuspendingFunctions.withoutContinuation(copy(invocation));
        }
    };

    private static final boolean WEBFLUX = ClassUtils.isPresent("org.springframework.web.server.ServerWebExchange",
            ReactorReturns.class.getClassLoader());

    private ReactorReturns() {
    }

    /**
     * A lazy {@code Mono} of the call's value, started at each subscription; with the request of the subscriber's
     * context (a WebFlux handler's) or of the subscribing thread (a Spring MVC handler's) where the call needs it.
     */
    private static Mono<Object> value(Function<@Nullable RequestView, CompletableFuture<@Nullable Object>> call,
            boolean needsRequest) {
        if (!needsRequest) {
            return Mono.defer(() -> Mono.fromFuture(call.apply(null)));
        }
        return Mono.deferContextual((context) -> {
            Mono<RequestView> exchange = WEBFLUX ? ExchangeRequestView.of(context) : Mono.empty();
            return exchange.map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((request) -> Mono
                    .fromFuture(call.apply(request.orElseGet(HttpCaching::currentRequest))));
        });
    }

    /** The value type of a {@code Flux<T>}: {@code List<T>}, since the collected list is what is cached. */
    private static Type listOf(ResolvableType returnType) {
        ResolvableType element = returnType.getGeneric(0);
        return ResolvableType.forClassWithGenerics(List.class,
                (element == ResolvableType.NONE) ? ResolvableType.forClass(Object.class) : element).getType();
    }
}

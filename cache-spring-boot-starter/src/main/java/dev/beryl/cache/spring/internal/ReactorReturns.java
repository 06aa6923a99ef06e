package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code Mono<T>} and {@code Flux<T>}, loaded only when a cached method returns one, so that Reactor stays
 * optional. A cached publisher is lazy like the method's own: nothing is looked up before it is subscribed to.
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
        boolean lazy() {
            return true;
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
        boolean lazy() {
            return true;
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

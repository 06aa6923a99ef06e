package dev.beryl.cache.examples.reactive;

import java.math.BigDecimal;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cached WebFlux handlers: the value a {@code Mono} emits is cached (an empty one is not), a {@code Flux} is cached
 * as the list of what it emitted, and nothing blocks a thread: a hit in memory is answered at once.
 */
@RestController
public class QuoteController {

    private final QuoteSource source;

    QuoteController(QuoteSource source) {
        this.source = source;
    }

    @GetMapping("/quotes/{id}")
    @Cached(name = "quotes", key = "#id", ttl = "60s")
    public Mono<Quote> quote(@PathVariable long id) {
        return this.source.quote(id);
    }

    @GetMapping("/quotes/{id}/history")
    @Cached(name = "history", key = "#id", ttl = "5m")
    public Flux<BigDecimal> history(@PathVariable long id) {
        return this.source.history(id);
    }

    /** Stores the new quote under the key that {@link #quote} reads, once it is there; the history is dropped. */
    @PutMapping("/quotes/{id}")
    @CachePut(name = "quotes", key = "#id", ttl = "60s")
    @CacheInvalidate(name = "history", key = "#id")
    public Mono<Quote> reprice(@PathVariable long id, @RequestBody BigDecimal price) {
        return this.source.reprice(id, price);
    }

    @GetMapping("/stats")
    public Map<String, Integer> stats() {
        return this.source.calls();
    }
}

package dev.beryl.cache.examples.reactive;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A slow, non-blocking source of quotes, as a remote pricing service would be: every answer takes
 * {@code quotes.latency} (200 ms by default), on a timer rather than a blocked thread. Counts its calls.
 */
@Component
public class QuoteSource {

    private static final Map<Long, String> SYMBOLS = Map.of(1L, "BRYL", 2L, "CAFE", 3L, "LTTC");

    private final Duration latency;

    private final Map<Long, BigDecimal> prices = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    QuoteSource(@Value("${quotes.latency:200ms}") Duration latency) {
        this.latency = latency;
    }

    /** The quote of one instrument, or an empty {@code Mono} for an unknown one. */
    public Mono<Quote> quote(long id) {
        count("quote");
        String symbol = SYMBOLS.get(id);
        if (symbol == null) {
            return Mono.empty();
        }
        return Mono.delay(this.latency).map((tick) -> new Quote(id, symbol, price(id)));
    }

    /** The last closing prices of one instrument, oldest first. */
    public Flux<BigDecimal> history(long id) {
        count("history");
        BigDecimal now = price(id);
        return Flux.range(1, 3).delaySubscription(this.latency).map((day) -> now.subtract(BigDecimal.valueOf(4 - day)));
    }

    /** Sets an instrument's price, and answers with its new quote. */
    public Mono<Quote> reprice(long id, BigDecimal price) {
        count("reprice");
        this.prices.put(id, price);
        return Mono.just(new Quote(id, SYMBOLS.getOrDefault(id, "?"), price));
    }

    /** How often each method was called. */
    public Map<String, Integer> calls() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        this.calls.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }

    private BigDecimal price(long id) {
        return this.prices.getOrDefault(id, BigDecimal.valueOf(100 + id));
    }

    private void count(String method) {
        this.calls.computeIfAbsent(method, (name) -> new AtomicInteger()).incrementAndGet();
    }
}

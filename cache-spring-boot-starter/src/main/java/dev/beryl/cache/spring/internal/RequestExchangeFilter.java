package dev.beryl.cache.spring.internal;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts each request's exchange into the Reactor context of its handling, so that cached {@code Mono} and
 * {@code Flux} handlers see the request they answer: its headers for {@code vary}, its principal for the scope.
 * Registered by the auto-configuration in reactive web applications.
 */
public final class RequestExchangeFilter implements WebFilter, Ordered {

    /** Last, so that the exchange it keeps is the one handlers see, with the principal other filters set. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange)
                .contextWrite((context) -> context.put(ExchangeRequestView.CONTEXT_KEY, exchange));
    }
}

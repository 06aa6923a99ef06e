package dev.beryl.cache.spring.internal;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The WebFlux request that a {@code Mono} or {@code Flux} handler answers, found in the subscriber's context where
 * {@link RequestExchangeFilter} put it, with its principal's name resolved.
 */
final class ExchangeRequestView implements RequestView {

    /** Where {@link RequestExchangeFilter} keeps the exchange in the Reactor context. */
    static final String CONTEXT_KEY = ExchangeRequestView.class.getName() + ".EXCHANGE";

    private static final boolean SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", ExchangeRequestView.class.getClassLoader());

    /** Stands for "no principal" where Reactor needs a value. */
    private static final String NOBODY = new String("(nobody)");

    private final ServerWebExchange exchange;

    private final @Nullable String principal;

    private ExchangeRequestView(ServerWebExchange exchange, @Nullable String principal) {
        this.exchange = exchange;
        this.principal = principal;
    }

    /**
     * The request of the subscriber's context with its principal, or an empty {@code Mono} when the context holds
     * no exchange.
     */
    static Mono<RequestView> of(ContextView context) {
        ServerWebExchange exchange = context.getOrDefault(CONTEXT_KEY, null);
        if (exchange == null) {
            return Mono.empty();
        }
        return exchange.getPrincipal().map(ExchangeRequestView::name).defaultIfEmpty(NOBODY)
                .map((name) -> new ExchangeRequestView(exchange, (name == NOBODY) ? null : name));
    }

    private static String name(Principal principal) {
        if (SECURITY && principal instanceof Authentication authentication) {
            String name = Principals.name(authentication);
            return (name != null) ? name : NOBODY;
        }
        String name = principal.getName();
        return (name != null) ? name : "";
    }

    @Override
    public @Nullable String header(String name) {
        List<String> values = this.exchange.getRequest().getHeaders().get(name);
        return (values == null || values.isEmpty()) ? null : String.join(", ", values);
    }

    @Override
    public @Nullable String principalName() {
        return this.principal;
    }

    @Override
    public boolean isSafeRead() {
        HttpMethod method = this.exchange.getRequest().getMethod();
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    @Override
    public void setResponseHeader(String name, String value) {
        ServerHttpResponse response = this.exchange.getResponse();
        if (!response.isCommitted()) {
            response.getHeaders().set(name, value);
        }
    }

    @Override
    public void notModified() {
        ServerHttpResponse response = this.exchange.getResponse();
        if (!response.isCommitted()) {
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
        }
    }
}

package dev.beryl.cache.examples;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.Cached;

/**
 * Prices from a slow pricing service, served fresh for 5 seconds. For a minute after that a request gets the last
 * price at once while one refresh per product runs in the background, so no caller ever waits for the service once
 * a price is cached; and for 10 minutes, if the service fails, the last price is served instead of an error.
 */
@RestController
public class PriceController {

    private final PriceService prices;

    public PriceController(PriceService prices) {
        this.prices = prices;
    }

    @GetMapping("/prices/{productId}")
    @Cached(name = "prices", ttl = "5s", staleWhileRevalidate = "1m", staleIfError = "10m")
    public Price price(@PathVariable long productId) {
        return this.prices.quote(productId);
    }
}

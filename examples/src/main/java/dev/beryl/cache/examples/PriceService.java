package dev.beryl.cache.examples;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A slow remote pricing service: each quote takes {@code catalogue.price-latency} (1 s by default), and the price
 * moves by a cent with every quote, so that a refreshed answer can be told from a stale one.
 */
@Service
public class PriceService {

    private static final Logger logger = LoggerFactory.getLogger(PriceService.class);

    private final Duration latency;

    private final AtomicLong quotes = new AtomicLong();

    public PriceService(@Value("${catalogue.price-latency:1s}") Duration latency) {
        this.latency = latency;
    }

    public Price quote(long productId) {
        long quote = this.quotes.incrementAndGet();
        logger.info("Pricing service quotes product {}: this takes {} ms", productId, this.latency.toMillis());
        try {
            Thread.sleep(this.latency.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return new Price(productId, 1_000 + productId * 100 + quote, Instant.now());
    }

    /** How many quotes the service gave since start-up. */
    public long quotes() {
        return this.quotes.get();
    }
}

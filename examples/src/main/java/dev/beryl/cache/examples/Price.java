package dev.beryl.cache.examples;

import java.time.Instant;

/**
 * A product's price as the pricing service quotes it.
 *
 * @param productId the product
 * @param cents the price in cents
 * @param quotedAt when the service quoted it
 */
public record Price(long productId, long cents, Instant quotedAt) {
}

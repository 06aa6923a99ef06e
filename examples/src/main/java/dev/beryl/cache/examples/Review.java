package dev.beryl.cache.examples;

/** A customer's review of a product. */
public record Review(long productId, int stars, String text) {
}

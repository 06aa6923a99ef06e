package dev.beryl.cache.examples;

/** The body of {@code PUT /products/{id}}. */
public record ProductUpdate(String name, String category, long priceCents) {
}

package dev.beryl.cache.examples;

/** A product of the catalogue. */
public record Product(long id, String name, String category, long priceCents) {
}

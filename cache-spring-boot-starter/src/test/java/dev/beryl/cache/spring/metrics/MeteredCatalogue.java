package dev.beryl.cache.spring.metrics;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.Cached;

/** A cached method whose calls the metrics tests count: ids below zero fail. */
public class MeteredCatalogue {

    @Cached(name = "items", ttl = "60s")
    public String item(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("no item " + id);
        }
        return "item " + id;
    }

    @Cached(name = "futureItems", ttl = "60s")
    public java.util.concurrent.CompletableFuture<String> futureItem(long id) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> "future item " + id);
    }

    @CacheInvalidate(name = "items", key = "#id")
    public void remove(long id) {
    }
}

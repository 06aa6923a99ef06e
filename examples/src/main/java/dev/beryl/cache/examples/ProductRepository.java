package dev.beryl.cache.examples;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;

/**
 * The slow source of truth that the cache hides: every call waits {@code catalogue.latency} (200 ms by default),
 * as a remote database or service would, logs that it ran, and is counted for {@code GET /stats}.
 */
@Repository
public class ProductRepository {

    private static final Logger logger = LoggerFactory.getLogger(ProductRepository.class);

    private final Map<Long, Product> products = new ConcurrentSkipListMap<>(Map.of(
            1L, new Product(1, "Trail running shoes", "shoes", 12_900),
            2L, new Product(2, "Leather boots", "shoes", 18_500),
            3L, new Product(3, "Rain jacket", "jackets", 9_900),
            4L, new Product(4, "Down jacket", "jackets", 24_900),
            5L, new Product(5, "Wool socks", "accessories", 1_500),
            6L, new Product(6, "Hiking backpack", "bags", 8_900),
            7L, new Product(7, "Water bottle", "bags", 1_900)));

    private final Duration latency;

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    public ProductRepository(@Value("${catalogue.latency:200ms}") Duration latency) {
        this.latency = latency;
    }

    public Optional<Product> findById(long id) {
        slowCall("findById", id);
        return Optional.ofNullable(this.products.get(id));
    }

    public List<Product> findByCategory(String category) {
        slowCall("findByCategory", category);
        return this.products.values().stream().filter((product) -> product.category().equals(category)).toList();
    }

    /** Replaces a product; empty if there is none with that id. */
    public Optional<Product> update(long id, ProductUpdate update) {
        slowCall("update", id);
        return Optional.ofNullable(this.products.computeIfPresent(id,
                (key, old) -> new Product(id, update.name(), update.category(), update.priceCents())));
    }

    /** Removes a product; empty if there was none. */
    public Optional<Product> delete(long id) {
        slowCall("delete", id);
        return Optional.ofNullable(this.products.remove(id));
    }

    public List<Product> search(String text, int page) {
        slowCall("search", text + " page " + page);
        String needle = text.toLowerCase(Locale.ROOT);
        return this.products.values().stream()
                .filter((product) -> product.name().toLowerCase(Locale.ROOT).contains(needle))
                .skip(page * 10L).limit(10).toList();
    }

    public List<Review> reviews(long productId) {
        slowCall("reviews", productId);
        return List.of(new Review(productId, 5, "Exactly as described"), new Review(productId, 4, "Runs small"));
    }

    /** What the shop recommends to a user: based on their history, so one user's list is not another's. */
    public List<Product> recommendationsFor(String user) {
        slowCall("recommendationsFor", user);
        int offset = Math.floorMod(user.hashCode(), this.products.size());
        List<Product> all = List.copyOf(this.products.values());
        return List.of(all.get(offset), all.get((offset + 1) % all.size()));
    }

    /** A product's description in a language: German for {@code de}, English otherwise. */
    public Optional<String> description(long id, Locale locale) {
        slowCall("description", id + " " + locale.getLanguage());
        return Optional.ofNullable(this.products.get(id)).map((product) -> locale.getLanguage().equals("de")
                ? product.name() + ": ein Artikel der Kategorie " + product.category()
                : product.name() + ": an item in " + product.category());
    }

    /** How often each method ran since start-up. */
    public Map<String, Long> calls() {
        Map<String, Long> counts = new TreeMap<>();
        this.calls.forEach((method, count) -> counts.put(method, count.get()));
        return counts;
    }

    private void slowCall(String method, Object argument) {
        this.calls.computeIfAbsent(method, (name) -> new AtomicLong()).incrementAndGet();
        logger.info("Repository {}({}) runs: not served from the cache, this takes {} ms", method, argument,
                this.latency.toMillis());
        try {
            // Stands for the time a real database or remote service would take.
            Thread.sleep(this.latency.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}

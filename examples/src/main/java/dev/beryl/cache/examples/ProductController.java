package dev.beryl.cache.examples;

import java.util.List;
import java.util.Map;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.Cached;

/**
 * The catalogue's HTTP API. Each cached handler shows one way of using {@code @Cached}.
 */
@RestController
public class ProductController {

    private final ProductRepository repository;

    public ProductController(ProductRepository repository) {
        this.repository = repository;
    }

    /**
     * The defaults from application.yml: backend, ttl and key prefix. Only found products are cached, tagged with
     * the product, so that changing it removes the entry.
     */
    @GetMapping("/products/{id}")
    @Cached(unless = "!#result.statusCode.is2xxSuccessful()", tags = "'product:' + #id")
    public ResponseEntity<Product> product(@PathVariable long id) {
        return ResponseEntity.of(this.repository.findById(id));
    }

    /**
     * Its own ttl: category listings change more often than products. The listing is tagged with its category and
     * with every product it shows, so a change to any of them removes it.
     */
    @GetMapping("/products")
    @Cached(ttl = "10s", tags = { "'category:' + #category", "#result.![ 'product:' + id() ]" })
    public List<Product> byCategory(@RequestParam String category) {
        return this.repository.findByCategory(category);
    }

    /**
     * A key expression: "Shoes" and "shoes " are one search, so they share an entry, under
     * {@code catalogue:search:"shoes:0"}. Tagged with the products it found.
     */
    @GetMapping("/search")
    @Cached(name = "search", key = "#q.trim().toLowerCase() + ':' + #page", tags = "#result.![ 'product:' + id() ]")
    public List<Product> search(@RequestParam String q, @RequestParam(defaultValue = "0") int page) {
        return this.repository.search(q.trim(), page);
    }

    /**
     * Changes a product, then removes every entry that showed it (its page, the listings and searches that
     * contained it) and the listing of the category it moves to.
     */
    @PutMapping("/products/{id}")
    @CacheInvalidate(tags = { "'product:' + #id", "'category:' + #update.category()" })
    public ResponseEntity<Product> update(@PathVariable long id, @RequestBody ProductUpdate update) {
        return ResponseEntity.of(this.repository.update(id, update));
    }

    /** Deletes a product, and every entry that showed it, including its reviews in the custom backend. */
    @DeleteMapping("/products/{id}")
    @CacheInvalidate(tags = "'product:' + #id")
    @CacheInvalidate(name = "reviews", key = "#id")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        return this.repository.delete(id).isPresent() ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    /** Its own backend: reviews live in the custom backend bean named {@code reviewsBackend}. */
    @GetMapping("/products/{id}/reviews")
    @Cached(name = "reviews", backend = "reviewsBackend", ttl = "5m")
    public List<Review> reviews(@PathVariable long id) {
        return this.repository.reviews(id);
    }

    /**
     * Always in this instance's memory, even when {@code beryl.cache.default-backend} is switched to Redis:
     * a per-instance answer that is cheap to recompute.
     */
    @GetMapping("/products/{id}/availability")
    @Cached(name = "availability", backend = "memory", ttl = "2s", tags = "'product:' + #id")
    public Map<String, Object> availability(@PathVariable long id) {
        return Map.of("productId", id, "inStock", this.repository.findById(id).isPresent());
    }

    /**
     * {@code vary}: the {@code Accept-Language} header is part of the key
     * ({@code catalogue:description:Accept-Language="de":1}), so each language has its own entry.
     */
    @GetMapping("/products/{id}/description")
    @Cached(name = "description", ttl = "10m", vary = "Accept-Language")
    public ResponseEntity<String> description(@PathVariable long id) {
        // Spring MVC sets the locale from Accept-Language.
        return ResponseEntity.of(this.repository.description(id, LocaleContextHolder.getLocale()));
    }

    /** How often each repository method ran: the second identical request does not add to it. */
    @GetMapping("/stats")
    public Map<String, Long> stats() {
        return this.repository.calls();
    }
}

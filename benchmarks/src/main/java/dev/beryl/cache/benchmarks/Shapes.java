package dev.beryl.cache.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The values and arguments the benchmarks cache: small records, as a typical API returns. */
final class Shapes {

    private Shapes() {
    }

    /** A product as an API returns it: about 100 bytes of JSON. */
    record Product(long id, String name, String category, long priceCents) implements Serializable {
    }

    /** A search, the kind of argument that has no readable key. */
    record Query(String text, int page) implements Serializable {
    }

    /** A product whose name pads its JSON to about {@code bytes}. */
    static Product product(long id, int bytes) {
        int padding = Math.max(1, bytes - 70);
        return new Product(id, "p".repeat(padding), "shoes", 12_900 + id);
    }

    static List<Product> products(int count) {
        List<Product> products = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            products.add(new Product(i, "Trail running shoes " + i, "shoes", 12_900 + i));
        }
        return List.copyOf(products);
    }
}

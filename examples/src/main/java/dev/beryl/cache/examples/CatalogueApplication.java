package dev.beryl.cache.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small product catalogue whose repository is slow on purpose, and whose controller hides it behind
 * {@code @Cached}. Run it with {@code ./mvnw -pl examples -am spring-boot:run}, then call
 * {@code curl localhost:8080/products/1} twice and {@code curl localhost:8080/stats}.
 */
@SpringBootApplication
public class CatalogueApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogueApplication.class, args);
    }
}

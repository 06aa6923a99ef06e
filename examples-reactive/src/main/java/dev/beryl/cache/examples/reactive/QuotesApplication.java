package dev.beryl.cache.examples.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the quotes service: {@code ./mvnw -pl examples-reactive -am spring-boot:run}, then GET /quotes/1. */
@SpringBootApplication
public class QuotesApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuotesApplication.class, args);
    }
}

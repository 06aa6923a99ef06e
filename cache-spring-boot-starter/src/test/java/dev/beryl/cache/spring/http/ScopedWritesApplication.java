package dev.beryl.cache.spring.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;

/** Handlers whose writes reach scoped caches (see {@link ScopedWritesTests}). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ScopedWritesApplication.Handlers.class)
class ScopedWritesApplication {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf((csrf) -> csrf.disable())
                .addFilterBefore(new HttpCachingApplication.TestUserFilter(), AnonymousAuthenticationFilter.class)
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-secret").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-secret").roles("USER").build());
    }

    /** Every key that a cache event names, to look for credentials in keys. */
    static final java.util.List<String> EVENT_KEYS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Bean
    dev.beryl.cache.CacheEventListener keyRecorder() {
        return (event) -> EVENT_KEYS.add(event.key());
    }

    record Account(long id, String owner, String iban) {
    }

    @RestController
    static class Handlers {

        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        final AtomicInteger version = new AtomicInteger(1);

        private volatile CountDownLatch slowEntered = new CountDownLatch(1);

        private volatile CountDownLatch slowRelease = new CountDownLatch(1);

        /** New latches for {@link #slow}; called through the proxy, so it reaches the target's fields. */
        CountDownLatch[] armSlow() {
            this.slowEntered = new CountDownLatch(1);
            this.slowRelease = new CountDownLatch(1);
            return new CountDownLatch[] { this.slowEntered, this.slowRelease };
        }

        int calls(String handler) {
            AtomicInteger count = this.calls.get(handler);
            return (count != null) ? count.get() : 0;
        }

        private int count(String handler) {
            return this.calls.computeIfAbsent(handler, (name) -> new AtomicInteger()).incrementAndGet();
        }

        /** Anonymous callers see the public view; AUTO keeps signed-in callers away from the shared entry. */
        @GetMapping("/acct/{id}")
        @Cached(name = "acct", key = "#id", ttl = "60s")
        Account account(@PathVariable long id) {
            count("acct");
            String user = HttpCachingApplication.currentUser();
            return user.equals("anonymous") ? new Account(id, "public", "-")
                    : new Account(id, user, "IBAN-OF-" + user.toUpperCase());
        }

        /** A signed-in user updates the account; the answer is their private view. */
        @PutMapping("/acct/{id}")
        @CachePut(name = "acct", key = "#id")
        Account updateAccount(@PathVariable long id) {
            count("updateAcct");
            String user = HttpCachingApplication.currentUser();
            return new Account(id, user, "IBAN-OF-" + user.toUpperCase());
        }

        @GetMapping("/greet/{id}")
        @Cached(name = "greet", key = "#id", ttl = "60s", vary = "Accept-Language")
        String greet(@PathVariable long id) {
            count("greet");
            String word = LocaleContextHolder.getLocale().getLanguage().equals("de") ? "Hallo" : "Hello";
            return word + " " + id + " v" + this.version.get();
        }

        @PostMapping("/greet/{id}")
        @CacheInvalidate(name = "greet", key = "#id")
        String renameGreeting(@PathVariable long id) {
            return "v" + this.version.incrementAndGet();
        }

        @GetMapping("/mine/{id}")
        @Cached(name = "mine", key = "#id", ttl = "60s", scope = dev.beryl.cache.annotation.CacheScope.PRINCIPAL)
        String mine(@PathVariable long id) {
            count("mine");
            return HttpCachingApplication.currentUser() + " " + id + " v" + this.version.get();
        }

        @PostMapping("/mine/{id}")
        @CacheInvalidate(name = "mine", key = "#id")
        String renameMine(@PathVariable long id) {
            return "v" + this.version.incrementAndGet();
        }

        /** Answers per API client; the API key is a credential. */
        @GetMapping("/client/{id}")
        @Cached(name = "client", key = "#id", ttl = "60s", vary = "X-Api-Key")
        String client(@PathVariable long id) {
            return "client " + id;
        }

        /** An error that sets its own entity tag. */
        @GetMapping("/down/{id}")
        @Cached(name = "down", key = "#id", ttl = "60s")
        ResponseEntity<String> down(@PathVariable long id) {
            count("down");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).eTag("\"e1\"").body("down " + id);
        }

        /** Blocks until released, so that a test can invalidate its key while it loads. */
        @GetMapping("/slow/{id}")
        @Cached(name = "slow", key = "#id", ttl = "60s")
        String slow(@PathVariable long id) throws InterruptedException {
            int call = count("slow");
            this.slowEntered.countDown();
            this.slowRelease.await(10, TimeUnit.SECONDS);
            return "slow " + id + " call " + call;
        }
    }
}

package dev.beryl.cache.spring.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.annotation.Cached;

/**
 * A small web application with Spring Security and two users, alice and bob (HTTP Basic), whose handlers read the
 * current user, set cookies, fail, and vary by language. A test header {@code X-Test-User} signs a user in without
 * an {@code Authorization} header, as a session would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(HttpCachingApplication.Handlers.class)
class HttpCachingApplication {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf((csrf) -> csrf.disable())
                .addFilterBefore(new TestUserFilter(), AnonymousAuthenticationFilter.class)
                .build();
    }

    /** The wall clock that the freshness of entries with stale windows is judged on, moved by the tests. */
    static final FakeTicker CLOCK = new FakeTicker();

    @Bean
    CacheEngine berylCacheEngine() {
        return CacheEngine.builder().clock(CLOCK.clock()).build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-secret").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-secret").roles("USER").build());
    }

    /** The current user's name, or {@code anonymous}. */
    static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return (authentication == null || authentication.getName() == null
                || authentication.getName().equals("anonymousUser")) ? "anonymous" : authentication.getName();
    }

    record Profile(long id, String user, int call) {
    }

    record Item(long id, String name) {
    }

    @RestController
    static class Handlers {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        int calls(String handler) {
            AtomicInteger count = this.calls.get(handler);
            return (count != null) ? count.get() : 0;
        }

        private int count(String handler) {
            return this.calls.computeIfAbsent(handler, (name) -> new AtomicInteger()).incrementAndGet();
        }

        @GetMapping("/stale/{id}")
        @Cached(name = "stale", ttl = "60s", staleWhileRevalidate = "5m", scope = CacheScope.SHARED)
        public Item stale(@PathVariable long id) {
            return new Item(id, "stale v" + count("stale"));
        }

        @GetMapping("/async/stale/{id}")
        @Cached(name = "asyncStale", ttl = "60s", staleWhileRevalidate = "5m", scope = CacheScope.SHARED)
        public CompletableFuture<Item> asyncStale(@PathVariable long id) {
            return CompletableFuture.completedFuture(new Item(id, "stale v" + count("asyncStale")));
        }

        @GetMapping("/auto/profile/{id}")
        @Cached(name = "autoProfile", ttl = "60s")
        Profile autoProfile(@PathVariable long id) {
            return new Profile(id, currentUser(), count("autoProfile"));
        }

        @GetMapping("/principal/profile/{id}")
        @Cached(name = "principalProfile", ttl = "60s", scope = CacheScope.PRINCIPAL)
        Profile principalProfile(@PathVariable long id) {
            return new Profile(id, currentUser(), count("principalProfile"));
        }

        @GetMapping("/shared/profile/{id}")
        @Cached(name = "sharedProfile", ttl = "60s", scope = CacheScope.SHARED)
        Profile sharedProfile(@PathVariable long id) {
            return new Profile(id, currentUser(), count("sharedProfile"));
        }

        @GetMapping("/greeting/{id}")
        @Cached(name = "greeting", ttl = "60s", vary = "Accept-Language")
        String greeting(@PathVariable long id) {
            count("greeting");
            return LocaleContextHolder.getLocale().getLanguage().equals("de") ? "Hallo " + id : "Hello " + id;
        }

        @GetMapping("/cookie/{id}")
        @Cached(name = "cookie", ttl = "60s")
        ResponseEntity<String> cookie(@PathVariable long id) {
            int call = count("cookie");
            return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, "SESSION=s" + call).body("cookie " + call);
        }

        @GetMapping("/private/{id}")
        @Cached(name = "private", ttl = "60s")
        ResponseEntity<String> privately(@PathVariable long id) {
            int call = count("private");
            return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "max-age=60, private").body("private " + call);
        }

        @GetMapping("/no-store/{id}")
        @Cached(name = "noStore", ttl = "60s")
        ResponseEntity<String> noStore(@PathVariable long id) {
            int call = count("noStore");
            return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body("no-store " + call);
        }

        @GetMapping("/unavailable/{id}")
        @Cached(name = "unavailable", ttl = "60s")
        ResponseEntity<String> unavailable(@PathVariable long id) {
            int call = count("unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("unavailable " + call);
        }

        @GetMapping("/items/{id}")
        @Cached(name = "items", ttl = "60s")
        Item item(@PathVariable long id) {
            count("items");
            return new Item(id, "item " + id);
        }

        @PutMapping("/items/{id}")
        @CachePut(name = "items", key = "#id")
        Item replace(@PathVariable long id, @RequestBody Item item) {
            count("replace");
            return item;
        }

        @GetMapping("/async/items/{id}")
        @Cached(name = "asyncItems", ttl = "60s")
        java.util.concurrent.CompletableFuture<Item> asyncItem(@PathVariable long id) {
            count("asyncItems");
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> new Item(id, "async " + id));
        }

        @GetMapping("/entities/{id}")
        @Cached(name = "entities", ttl = "60s")
        ResponseEntity<Item> entity(@PathVariable long id) {
            count("entities");
            return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "max-age=30").body(new Item(id, "entity"));
        }

        @GetMapping("/tagged/{id}")
        @Cached(name = "tagged", ttl = "60s")
        ResponseEntity<Item> tagged(@PathVariable long id) {
            count("tagged");
            return ResponseEntity.ok().eTag("\"v7\"").body(new Item(id, "tagged"));
        }

        @GetMapping("/lists/{id}")
        @Cached(name = "lists", ttl = "60s")
        List<Item> list(@PathVariable long id) {
            count("lists");
            return List.of(new Item(id, "a"), new Item(id + 1, "b"));
        }
    }

    /** Signs in the user that the {@code X-Test-User} header names, without an {@code Authorization} header. */
    static final class TestUserFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String user = request.getHeader("X-Test-User");
            if (user != null) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                        .authenticated(user, null, AuthorityUtils.createAuthorityList("ROLE_USER")));
            }
            chain.doFilter(request, response);
        }
    }
}

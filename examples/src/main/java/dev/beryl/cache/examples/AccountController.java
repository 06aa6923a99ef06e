package dev.beryl.cache.examples;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;

/**
 * Answers that depend on who asks. Signed-in users (alice and bob, see {@link SecurityConfiguration}) each get
 * entries of their own; anonymous visitors share one.
 */
@RestController
public class AccountController {

    private final ProductRepository repository;

    public AccountController(ProductRepository repository) {
        this.repository = repository;
    }

    /**
     * {@code scope = PRINCIPAL}: the user's name is part of the key ({@code catalogue:recommendations:@"alice":()}),
     * so alice's list is never served to bob. Under the default scope, {@code AUTO}, signed-in requests would not
     * be cached at all.
     */
    @GetMapping("/me/recommendations")
    @Cached(name = "recommendations", ttl = "5m", scope = CacheScope.PRINCIPAL)
    public Recommendations recommendations() {
        String user = currentUser();
        return new Recommendations(user, this.repository.recommendationsFor(user));
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return (authentication != null && authentication.isAuthenticated()
                && !"anonymousUser".equals(authentication.getName())) ? authentication.getName() : "anonymous";
    }

    public record Recommendations(String user, List<Product> products) {
    }
}

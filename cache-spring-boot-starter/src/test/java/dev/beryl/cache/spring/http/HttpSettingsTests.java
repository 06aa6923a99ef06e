package dev.beryl.cache.spring.http;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.StartupFailures;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code beryl.cache.http.*} settings and the scope of beans that are not handlers, called outside any request.
 */
class HttpSettingsTests {

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.create();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(InMemoryCacheBackend.class, () -> this.memory)
            .withBean(Upstream.class);

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void errorResponses_areNotStoredByDefault_norByPutThrough() {
        this.contextRunner.run((context) -> {
            Upstream upstream = context.getBean(Upstream.class);
            assertThat(upstream.status(1).getStatusCode().value()).isEqualTo(503);
            assertThat(upstream.status(1).getBody()).isEqualTo("call 2");
            upstream.write(1);
            assertThat(this.memory.getSync("beryl:status:1", Object.class).isHit()).isFalse();
        });
    }

    @Test
    void errorResponses_areStored_whenCacheErrorResponsesIsTrue() {
        this.contextRunner.withPropertyValues("beryl.cache.http.cache-error-responses=true").run((context) -> {
            Upstream upstream = context.getBean(Upstream.class);
            assertThat(upstream.status(1).getBody()).isEqualTo("call 1");
            ResponseEntity<String> again = upstream.status(1);
            assertThat(again.getStatusCode().value()).isEqualTo(503);
            assertThat(again.getBody()).isEqualTo("call 1");
        });
    }

    @Test
    void principalScope_onAService_keysByTheSignedInUser_evenOutsideARequest() {
        this.contextRunner.run((context) -> {
            Upstream upstream = context.getBean(Upstream.class);
            assertThat(upstream.balance(1)).isEqualTo("anonymous 1");
            signIn("alice");
            assertThat(upstream.balance(1)).isEqualTo("alice 2");
            assertThat(upstream.balance(1)).isEqualTo("alice 2");
            signIn("bob");
            assertThat(upstream.balance(1)).isEqualTo("bob 3");
            SecurityContextHolder.clearContext();
            assertThat(upstream.balance(1)).isEqualTo("anonymous 1");
            assertThat(this.memory.getSync("beryl:balance:@\"alice\":1", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:balance:anonymous:1", Object.class).isHit()).isTrue();
        });
    }

    @Test
    void autoOnAService_isShared_unlessTheDefaultScopeSaysPrincipal() {
        this.contextRunner.run((context) -> {
            Upstream upstream = context.getBean(Upstream.class);
            signIn("alice");
            assertThat(upstream.report(1)).isEqualTo("alice 1");
            signIn("bob");
            assertThat(upstream.report(1)).isEqualTo("alice 1");
        });
        this.contextRunner.withPropertyValues("beryl.cache.http.default-scope=principal").run((context) -> {
            Upstream upstream = context.getBean(Upstream.class);
            signIn("alice");
            assertThat(upstream.report(1)).isEqualTo("alice 1");
            signIn("bob");
            assertThat(upstream.report(1)).isEqualTo("bob 2");
        });
    }

    @Test
    void aCachedMethodThatWritesToTheResponse_stopsTheApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(Download.class).run((context) -> StartupFailures.assertStartupFailure(context,
                        "@Cached on Download.file(long, HttpServletResponse): parameter 2 (HttpServletResponse) gives "
                                + "the method the response to write to, which a cached answer would not do: headers, "
                                + "cookies and status written there would be missing whenever the cache answers",
                        "Return a ResponseEntity with the status and headers instead of writing to the response, "
                                + "or remove @Cached."));
    }

    static class Download {

        @Cached(key = "#id")
        public String file(long id, HttpServletResponse response) {
            response.setHeader("Content-Disposition", "attachment");
            return "file " + id;
        }
    }

    private static void signIn(String user) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user,
                null, AuthorityUtils.createAuthorityList("ROLE_USER")));
    }

    static class Upstream {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached(name = "status", ttl = "60s")
        public ResponseEntity<String> status(long id) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("call " + this.calls.incrementAndGet());
        }

        @CachePut(name = "status", key = "#id")
        public ResponseEntity<String> write(long id) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body("written");
        }

        @Cached(name = "balance", ttl = "60s", scope = CacheScope.PRINCIPAL)
        public String balance(long id) {
            return user() + " " + this.calls.incrementAndGet();
        }

        @Cached(name = "report", ttl = "60s")
        public String report(long id) {
            return user() + " " + this.calls.incrementAndGet();
        }

        private static String user() {
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            return (authentication != null) ? authentication.getName() : "anonymous";
        }
    }
}

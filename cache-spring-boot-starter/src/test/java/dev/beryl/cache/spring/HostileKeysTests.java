package dev.beryl.cache.spring;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.RequestHeader;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.spring.CachedInterceptionTests.MapBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Keys made from what a client sends: bounded, printable, and without credentials. */
class HostileKeysTests {

    private static final String DIGESTED = "~[0-9a-f]{32}";

    private final MapBackend backend = new MapBackend();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean("audit", dev.beryl.cache.CacheBackend.class, () -> this.backend)
            .withPropertyValues("beryl.cache.default-backend=audit")
            .withBean(Search.class).withBean(Profiles.class);

    @Test
    void hugeArgument_makesAKeyOfAtMost512Bytes_thatStillHits() {
        this.contextRunner.run((context) -> {
            Search search = context.getBean(Search.class);
            String huge = "q".repeat(1 << 20);
            search.find(huge);
            search.find(huge);
            search.find(huge + "!");
            assertThat(search.calls()).isEqualTo(2);
            assertThat(this.backend.entries).hasSize(2);
            assertThat(this.backend.entries.keySet()).allSatisfy((key) -> {
                assertThat(key).matches("beryl:Search.find:" + DIGESTED);
                assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            });
        });
    }

    @Test
    void lineBreakInArgument_neverReachesAKey() {
        this.contextRunner.run((context) -> {
            Search search = context.getBean(Search.class);
            search.find("shoes\r\nWARN forged line");
            search.find("shoes");
            assertThat(this.backend.entries).containsOnlyKeys("beryl:Search.find:\"shoes\"",
                    KeyParts.fullKey("beryl:Search.find", "\"shoes\r\nWARN forged line\""));
            assertThat(this.backend.entries.keySet()).noneMatch((key) -> key.contains("\n"))
                    .anyMatch((key) -> key.matches("beryl:Search.find:" + DIGESTED));
        });
    }

    @Test
    void keyGeneratorPart_tooLong_isDigested() {
        this.contextRunner.withBean(Generated.class)
                .withBean("tenantKeys", CacheKeyGenerator.class, () -> (target, method, args) -> "tenant-1:" + args[0])
                .run((context) -> {
            Generated search = context.getBean(Generated.class);
            search.generated("g".repeat(600));
            search.generated("short");
            assertThat(this.backend.entries).containsKey("beryl:generated:tenant-1:short")
                    .hasSize(2);
            assertThat(this.backend.entries.keySet()).anyMatch((key) -> key.matches("beryl:generated:" + DIGESTED));
        });
    }

    @Test
    void credentialHeadersAndCookies_areDigestsInTheDefaultKey_perUser() {
        this.contextRunner.run((context) -> {
            Profiles profiles = context.getBean(Profiles.class);
            profiles.byAuthorization("Bearer alice-token", 7);
            profiles.byAuthorization("Bearer alice-token", 7);
            profiles.byAuthorization("Bearer bob-token", 7);
            assertThat(profiles.calls()).isEqualTo(2);
            profiles.byProxyAuthorization("Basic c2VjcmV0");
            profiles.byCookieHeader("SESSION=abc");
            profiles.bySessionCookie("abc");
            profiles.byOtherHeader("eu-west");
            assertThat(this.backend.entries).containsOnlyKeys(
                    "beryl:Profiles.byAuthorization:" + KeyParts.ofSecret("Bearer alice-token") + ",7",
                    "beryl:Profiles.byAuthorization:" + KeyParts.ofSecret("Bearer bob-token") + ",7",
                    "beryl:Profiles.byProxyAuthorization:" + KeyParts.ofSecret("Basic c2VjcmV0"),
                    "beryl:Profiles.byCookieHeader:" + KeyParts.ofSecret("SESSION=abc"),
                    "beryl:Profiles.bySessionCookie:" + KeyParts.ofSecret("abc"),
                    "beryl:Profiles.byOtherHeader:\"eu-west\"");
            assertThat(this.backend.entries.keySet()).noneMatch((key) -> key.contains("token")
                    || key.contains("c2VjcmV0") || key.contains("abc"));
        });
    }

    @Test
    void credentialHeaderAnnotatedOnTheInterface_isADigestToo() {
        this.contextRunner.withBean(ProfileApi.class, InterfaceProfiles::new).run((context) -> {
            context.getBean(ProfileApi.class).me("Bearer carol-token");
            assertThat(this.backend.entries).containsOnlyKeys(
                    "beryl:InterfaceProfiles.me:" + KeyParts.ofSecret("Bearer carol-token"));
        });
    }

    @Test
    void programmaticApi_rejectsNamesThatAreNotCacheNames() {
        this.contextRunner.run((context) -> {
            CacheOperations caches = context.getBean(CacheOperations.class);
            assertThatIllegalArgumentException().isThrownBy(() -> caches.clear(""))
                    .withMessage("name '' is blank: pass the name of a cache, such as \"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.clear(" "))
                    .withMessage("name ' ' is blank: pass the name of a cache, such as \"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.clear(null))
                    .withMessage("name is null: pass the name of a cache, such as \"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.invalidate("a:b", 1))
                    .withMessage("name 'a:b' contains ':', which separates the parts of a key: pass the name of a "
                            + "cache, such as \"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.get("a\nb", 1, String.class))
                    .withMessage("name 'a\\nb' contains a control character: pass the name of a cache, such as "
                            + "\"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.put("n".repeat(473), 1, "v"))
                    .withMessage("name '" + "n".repeat(64) + "...(473 characters)' is 473 bytes long, more than "
                            + "the 472 that key-prefix 'beryl' leaves to a name in a key of at most 512 bytes: pass "
                            + "the name of a cache, such as \"products\"");
            assertThatIllegalArgumentException().isThrownBy(() -> caches.invalidateTag(null))
                    .withMessage("tag is null: pass a tag such as \"product:42\"");
            assertThat(this.backend.entries).isEmpty();
            caches.put("n".repeat(472), 1, "v");
            assertThat(this.backend.entries).containsOnlyKeys("beryl:" + "n".repeat(472) + ":1");
        });
    }

    @Test
    void programmaticApi_longKey_isDigested_andFoundAgain() {
        this.contextRunner.run((context) -> {
            CacheOperations caches = context.getBean(CacheOperations.class);
            String key = "k".repeat(10_000);
            caches.put("notes", key, "v");
            assertThat(caches.find("notes", key, String.class)).isEqualTo("v");
            assertThat(this.backend.entries.keySet()).singleElement().asString().matches("beryl:notes:" + DIGESTED);
            caches.invalidate("notes", key);
            assertThat(this.backend.entries).isEmpty();
        });
    }

    @Test
    void nameWithControlCharacter_failsStartup() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withBean(BellName.class).run((context) -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(CacheConfigurationException.class)
                        .hasMessage("@Cached on BellName.get(long): name 'bell\\u0007' contains a control character"));
    }

    @Test
    void nameTooLongForKeys_failsStartup() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
                .withPropertyValues("names.long=" + "n".repeat(500), "beryl.cache.key-prefix=shop")
                .withBean(LongName.class).run((context) -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(CacheConfigurationException.class)
                        .hasMessage("@Cached on LongName.get(long): name '" + "n".repeat(64) + "...(500 characters)' "
                                + "is 500 bytes long, more than the 473 that key-prefix 'shop' leaves to a name in a "
                                + "key of at most 512 bytes"));
    }

    private static Throwable rootCause(Throwable failure) {
        while (failure != null && !(failure instanceof CacheConfigurationException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    static class Search {

        final AtomicInteger calls = new AtomicInteger();

        @Cached
        public String find(String query) {
            return "found " + this.calls.incrementAndGet();
        }

        int calls() {
            return this.calls.get();
        }
    }

    static class Generated {

        @Cached(name = "generated", keyGenerator = "tenantKeys")
        public String generated(String query) {
            return "generated";
        }
    }

    static class Profiles {

        final AtomicInteger calls = new AtomicInteger();

        @Cached
        public String byAuthorization(@RequestHeader("Authorization") String authorization, long id) {
            return "profile " + this.calls.incrementAndGet();
        }

        int calls() {
            return this.calls.get();
        }

        @Cached
        public String byProxyAuthorization(@RequestHeader(name = "proxy-AUTHORIZATION") String credentials) {
            return "profile";
        }

        @Cached
        public String byCookieHeader(@RequestHeader String cookie) {
            return "profile";
        }

        @Cached
        public String bySessionCookie(@CookieValue("SESSION") String session) {
            return "profile";
        }

        @Cached
        public String byOtherHeader(@RequestHeader("X-Region") String region) {
            return "profile";
        }
    }

    interface ProfileApi {

        String me(@RequestHeader("Authorization") String token);
    }

    static class InterfaceProfiles implements ProfileApi {

        @Cached
        @Override
        public String me(String token) {
            return "me";
        }
    }

    static class BellName {

        @Cached(name = "bell\u0007")
        public String get(long id) {
            return "";
        }
    }

    static class LongName {

        @Cached(name = "${names.long}")
        public String get(long id) {
            return "";
        }
    }
}

package dev.beryl.cache.spring.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import kotlin.coroutines.Continuation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.env.MockEnvironment;

import dev.beryl.cache.internal.Durations;
import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.SuspendQuotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The parser alone, without an application context: methods of small classes in, specs or whole messages out. */
class CacheAnnotationParserTests {

    private final MockEnvironment environment = new MockEnvironment().withProperty("prices.ttl", "5m")
            .withProperty("prices.backend", "redis").withProperty("prices.keys", "priceKeys");

    private final CacheAnnotationParser parser = new CacheAnnotationParser("beryl", this.environment);

    @Test
    void cached_everyAttribute_isReadWithPlaceholdersResolved() throws Exception {
        ParsedMethod method = parse(Annotated.class, "price", long.class);
        assertThat(method.description()).isEqualTo("Annotated.price(long)");
        assertThat(method.userClass()).isEqualTo(Annotated.class);
        assertThat(method.put()).isNull();
        assertThat(method.invalidations()).isEmpty();
        assertThat(method.cached()).isEqualTo(new ParsedEntry("@Cached", "@Cached on Annotated.price(long)", "prices",
                true, String.class, Duration.ofMinutes(5), "redis", "#id", null, "#id > 0", "#result == null",
                List.of("'price:' + #id"), true, false,
                new ParsedEntry.Web(CacheScope.AUTO, List.of(), false, false, HttpCaching.Body.OTHER)));
    }

    @Test
    void cached_withoutAttributes_takesTheMethodsName_andLeavesTtlAndBackendToTheCatalogue() throws Exception {
        ParsedEntry cached = parse(Annotated.class, "plain", long.class).cached();
        assertThat(cached.name()).isEqualTo("Annotated.plain");
        assertThat(cached.namedExplicitly()).isFalse();
        assertThat(cached.ttl()).isNull();
        assertThat(cached.backend()).isNull();
        assertThat(cached.keyGenerator()).isNull();
        assertThat(cached.tags()).isEmpty();
    }

    @Test
    void valueType_isTheGenericReturnType_resolvedAgainstTheClass() throws Exception {
        ParsedEntry cached = parse(StringRepository.class, "find", long.class).cached();
        assertThat(cached.valueType()).isEqualTo(String.class);
        assertThat(parse(Annotated.class, "byCategory", String.class).cached().valueType().getTypeName())
                .isEqualTo("java.util.Map<java.lang.String, java.lang.Long>");
    }

    @Test
    void put_mayUseTheResultInItsKey_andKeepsItsKeyGenerator() throws Exception {
        ParsedMethod method = parse(Annotated.class, "save", long.class);
        assertThat(method.cached()).isNull();
        assertThat(method.put()).isEqualTo(new ParsedEntry("@CachePut", "@CachePut on Annotated.save(long)", "prices",
                true, String.class, null, null, "", "priceKeys", "", "", List.of(), false, true, ParsedEntry.Web.NONE));
        assertThat(method.put().isPut()).isTrue();
    }

    @Test
    void invalidations_areReadInOrder() throws Exception {
        ParsedMethod method = parse(Annotated.class, "delete", long.class);
        assertThat(method.invalidations()).containsExactly(
                new ParsedInvalidation("@CacheInvalidate on Annotated.delete(long)", "prices", "#id", null, false,
                        true, null, "", List.of()),
                new ParsedInvalidation("@CacheInvalidate on Annotated.delete(long)", "catalogue", "", null, true,
                        false, "redis", "#id > 0", List.of()),
                new ParsedInvalidation("@CacheInvalidate on Annotated.delete(long)", null, "", null, false, false,
                        null, "", List.of("'price:' + #id")));
        assertThat(method.invalidations()).extracting(ParsedInvalidation::removesKey).containsExactly(true, false,
                false);
    }

    @Test
    void methodWithoutCacheAnnotations_isNull() throws Exception {
        assertThat(parse(Annotated.class, "uncached", long.class)).isNull();
        assertThat(CacheAnnotationParser.hasCacheAnnotation(Annotated.class.getMethod("uncached", long.class),
                Annotated.class)).isFalse();
        assertThat(CacheAnnotationParser.hasCacheAnnotation(Annotated.class.getMethod("delete", long.class),
                Annotated.class)).isTrue();
    }

    @Test
    void ttlThatIsNotADuration_failsNamingTheMethodAndValue() {
        assertFailure("soon", "@Cached on Broken.soon(long): ttl 'soon' is not a duration (use e.g. 60s, 5m, 500ms "
                + "or PT1M)", "Set ttl to a duration such as \"60s\".");
    }

    @Test
    void ttlThatIsNotPositive_fails() {
        assertFailure("never", "@Cached on Broken.never(long): ttl '0s' must be positive", "Set ttl to a positive "
                + "duration such as \"60s\", or remove the annotation to not cache at all.");
    }

    @ParameterizedTest
    @CsvSource({ "60s, PT60S", "5m, PT5M", "500ms, PT0.5S", "2h, PT2H", "1d, PT24H", "1D, PT24H", "250us, PT0.00025S",
            "10ns, PT0.00000001S", "PT1M, PT1M", "pt90s, PT1M30S", "45, PT45S", "' 30s ', PT30S", "10S, PT10S",
            "-5s, PT-5S", "+5s, PT5S", "-PT1M, PT-1M" })
    void duration_acceptsEveryDocumentedForm(String text, Duration expected) {
        assertThat(CacheAnnotationParser.duration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "", "5 minutes", "1.5s", "5mm", "1w", "P", "s", "99999999999999999999s",
            "+PT1M", " +p1d" })
    void duration_rejectsOtherText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CacheAnnotationParser.duration(text));
    }

    /** Boot's DurationStyle reads ttls now; what core's Durations accepted, and how it read it, stays. */
    @Test
    void duration_acceptsExactlyWhatDurationsAccepted() {
        String alphabet = "0123456789smhdnuPTpt+-. ";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int length = 1 + random.nextInt(6); text.length() < length;) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(parsed(() -> CacheAnnotationParser.duration(text.toString())))
                    .as("'%s'", text).isEqualTo(parsed(() -> Durations.parse(text.toString())));
        }
    }

    @Test
    void placeholderThatCannotBeResolved_fails() {
        assertFailure("unresolved", "@Cached on Broken.unresolved(long): ttl '${missing.ttl}' has a placeholder that "
                + "cannot be resolved (Could not resolve placeholder 'missing.ttl' in value \"${missing.ttl}\")",
                "Define the property, or give the placeholder a default: ${name:60s}.");
    }

    @Test
    void nameWithAColon_fails() {
        assertFailure("colon", "@Cached on Broken.colon(long): name 'a:b' must be non-blank and must not contain ':'",
                "Choose a name without ':', which separates the parts of a key.");
    }

    @Test
    void voidMethod_fails() {
        assertFailure("nothing", "@Cached on Broken.nothing(long): the method returns void, so there is nothing to "
                + "cache", "Remove the annotation, or return the value to cache.");
    }

    @Test
    void futureThatCannotBeWaitedForWithoutBlocking_fails() {
        assertFailure("later", "@Cached on Broken.later(long): return type java.util.concurrent.Future is "
                + "asynchronous in a way Beryl does not cache",
                "Return CompletableFuture, CompletionStage, Mono or Flux, or the value itself.");
    }

    @Test
    void kotlinSuspendFunction_isCachedByItsKotlinReturnType_andItsArgumentsWithoutTheContinuation()
            throws Exception {
        ParsedMethod method = parse(SuspendQuotes.class, "search", String.class, int.class, Continuation.class);
        assertThat(method.description()).isEqualTo("SuspendQuotes.search(String, int, Continuation)");
        assertThat(method.cached().valueType().getTypeName())
                .isEqualTo("java.util.List<dev.beryl.cache.spring.AsyncQuotes$Quote>");
        assertThat(new CachedExpressions(null, getClass().getClassLoader()).arguments(method.method()))
                .satisfies((arguments) -> {
                    assertThat(arguments.count()).isEqualTo(2);
                    assertThat(arguments.names()).containsExactly("text", "page");
                });
    }

    @Test
    void kotlinSuspendFunction_withoutKotlinxCoroutinesReactor_failsRatherThanCachingTheSuspensionMarker() {
        CacheAnnotationParser parser = new CacheAnnotationParser("beryl", this.environment,
                new FilteredClassLoader("kotlinx.coroutines.reactor"));
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> parser.parse(SuspendQuotes.class.getMethod("quote", long.class,
                        Continuation.class), SuspendQuotes.class))
                .withMessage("@Cached on SuspendQuotes.quote(long, Continuation): the method is a Kotlin suspend "
                        + "function, and kotlinx-coroutines-reactor, which Spring needs to call it through a proxy, "
                        + "is not on the classpath")
                .satisfies((failure) -> assertThat(failure.getAction()).isEqualTo("Add kotlinx-coroutines-reactor "
                        + "to the application's dependencies, as Spring's own caching of suspend functions needs, "
                        + "or remove the annotation."));
    }

    @Test
    void kotlinSuspendFunction_withoutKotlinReflectOrKotlinxCoroutinesReactor_failsNamingBoth() {
        CacheAnnotationParser parser = new CacheAnnotationParser("beryl", this.environment,
                new FilteredClassLoader("kotlin.reflect.full", "kotlinx.coroutines.reactor"));
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> parser.parse(SuspendQuotes.class.getMethod("remove", long.class,
                        Continuation.class), SuspendQuotes.class))
                .withMessage("@CacheInvalidate on SuspendQuotes.remove(long, Continuation): the method is a Kotlin "
                        + "suspend function, and kotlin-reflect and kotlinx-coroutines-reactor, which Spring needs to "
                        + "call it through a proxy, are not on the classpath");
    }

    @Test
    void futureOfVoid_fails() {
        assertFailure("done", "@Cached on Broken.done(long): the method returns CompletableFuture<Void>, so there is "
                + "nothing to cache", "Remove the annotation, or complete with the value.");
    }

    @Test
    void finalMethod_fails() {
        assertFailure("sealed", "@CachePut on Broken.sealed(long): the method is final, so Spring's proxy cannot "
                + "intercept it", "Make the method public and not final.");
    }

    @Test
    void cachedAndPutOnOneMethod_fail() {
        assertFailure("both", "@Cached and @CachePut on Broken.both(long): a method either answers from the cache or "
                + "always runs, not both", "Keep @Cached on the read and move @CachePut to the method that writes.");
    }

    @Test
    void keyAndKeyGenerator_contradictEachOther() {
        assertFailure("twoKeys", "@Cached on Broken.twoKeys(long): key '#id' and keyGenerator 'keys' contradict each "
                + "other", "Keep one of them.");
    }

    @Test
    void invalidationOfNothing_fails() {
        assertFailure("aimless", "@CacheInvalidate on Broken.aimless(long): neither name nor tags say what to "
                + "invalidate", "Name the cache (with key or allEntries = true), or give tags.");
    }

    @Test
    void invalidationKeyWithoutName_fails() {
        assertFailure("keyWithoutName", "@CacheInvalidate on Broken.keyWithoutName(long): key and allEntries need the "
                + "name of a cache", "Add name = \"...\" for the cache the key belongs to.");
    }

    @Test
    void invalidationOfAKeyAndAllEntries_fails() {
        assertFailure("keyAndAll", "@CacheInvalidate on Broken.keyAndAll(long): key '#id' and allEntries = true "
                + "contradict each other", "Remove key, or allEntries.");
    }

    @Test
    void handler_scopeVaryAndResponseShape_areRead() throws Exception {
        ParsedEntry.Web profile = parse(Handler.class, "profile", long.class).cached().web();
        assertThat(profile).isEqualTo(new ParsedEntry.Web(CacheScope.PRINCIPAL, List.of("Accept-Language", "Accept"),
                true, false, HttpCaching.Body.VALUE));
        assertThat(parse(Handler.class, "entity", long.class).cached().web().body())
                .isEqualTo(HttpCaching.Body.ENTITY);
        assertThat(parse(Handler.class, "count", long.class).cached().web().body()).isEqualTo(HttpCaching.Body.OTHER);
        assertThat(parse(Annotated.class, "plain", long.class).cached().web().handler()).isFalse();
    }

    @Test
    void handlerThatWritesToTheResponse_failsAtStartUp() {
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> parse(Handler.class, "download", long.class,
                        jakarta.servlet.http.HttpServletResponse.class))
                .withMessage("@Cached on Handler.download(long, HttpServletResponse): parameter 2 "
                        + "(HttpServletResponse) gives the method the response to write to, which a cached answer "
                        + "would not do: headers, cookies and status written there would be missing whenever the "
                        + "cache answers")
                .satisfies((failure) -> assertThat(failure.getAction()).startsWith("Return a ResponseEntity"));
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> parse(Handler.class, "reactive", long.class,
                        org.springframework.http.server.reactive.ServerHttpResponse.class))
                .withMessageContaining("parameter 2 (ServerHttpResponse) gives the method the response");
    }

    @Test
    void varyThatIsNoHeaderName_orNamesOneTwice_fails() {
        assertFailure("badVary", "@Cached on Broken.badVary(long): vary 'Accept Language' is not a request header "
                + "name", "Name request headers, e.g. vary = \"Accept-Language\".");
        assertFailure("twiceVary", "@Cached on Broken.twiceVary(long): vary names header 'accept' twice",
                "Name each header once.");
    }

    private static String parsed(Supplier<Duration> parse) {
        try {
            return parse.get().toString();
        }
        catch (IllegalArgumentException ex) {
            return "not a duration";
        }
    }

    private void assertFailure(String method, String message, String action) {
        assertThatExceptionOfType(CacheConfigurationException.class)
                .isThrownBy(() -> parse(Broken.class, method, long.class)).withMessage(message)
                .satisfies((failure) -> assertThat(failure.getAction()).isEqualTo(action));
    }

    private ParsedMethod parse(Class<?> type, String name, Class<?>... parameterTypes) throws Exception {
        return this.parser.parse(type.getMethod(name, parameterTypes), type);
    }

    @org.springframework.web.bind.annotation.RestController
    public static class Handler {

        @Cached(scope = CacheScope.PRINCIPAL, vary = { "Accept-Language", " Accept " })
        public String profile(long id) {
            return "";
        }

        @Cached
        public org.springframework.http.ResponseEntity<String> entity(long id) {
            return org.springframework.http.ResponseEntity.ok("");
        }

        @Cached
        public long count(long id) {
            return id;
        }

        @Cached
        public String download(long id, jakarta.servlet.http.HttpServletResponse response) {
            return "";
        }

        @Cached(key = "#id")
        public String reactive(long id, org.springframework.http.server.reactive.ServerHttpResponse response) {
            return "";
        }
    }

    public static class Annotated {

        @Cached(name = "prices", key = "#id", ttl = "${prices.ttl}", backend = "${prices.backend}",
                condition = "#id > 0", unless = "#result == null", cacheNull = true, tags = "'price:' + #id")
        public String price(long id) {
            return "";
        }

        @Cached
        public String plain(long id) {
            return "";
        }

        @Cached
        public Map<String, Long> byCategory(String category) {
            return Map.of();
        }

        @CachePut(name = "prices", keyGenerator = "${prices.keys}")
        public String save(long id) {
            return "";
        }

        @CacheInvalidate(name = "prices", key = "#id", beforeInvocation = true)
        @CacheInvalidate(name = "catalogue", allEntries = true, backend = "${prices.backend}", condition = "#id > 0")
        @CacheInvalidate(tags = "'price:' + #id")
        public void delete(long id) {
        }

        public String uncached(long id) {
            return "";
        }
    }

    public abstract static class Repository<T> {

        @Cached
        public abstract T find(long id);
    }

    public static class StringRepository extends Repository<String> {

        @Override
        public String find(long id) {
            return "";
        }
    }

    public static class Broken {

        @Cached(vary = "Accept Language")
        public String badVary(long id) {
            return "";
        }

        @Cached(vary = { "Accept", "accept" })
        public String twiceVary(long id) {
            return "";
        }

        @Cached(ttl = "soon")
        public String soon(long id) {
            return "";
        }

        @Cached(ttl = "0s")
        public String never(long id) {
            return "";
        }

        @Cached(ttl = "${missing.ttl}")
        public String unresolved(long id) {
            return "";
        }

        @Cached(name = "a:b")
        public String colon(long id) {
            return "";
        }

        @Cached
        public void nothing(long id) {
        }

        @Cached
        public Future<String> later(long id) {
            return CompletableFuture.completedFuture("");
        }

        @Cached
        public CompletableFuture<Void> done(long id) {
            return CompletableFuture.completedFuture(null);
        }

        @CachePut
        public final String sealed(long id) {
            return "";
        }

        @Cached
        @CachePut
        public String both(long id) {
            return "";
        }

        @Cached(key = "#id", keyGenerator = "keys")
        public String twoKeys(long id) {
            return "";
        }

        @CacheInvalidate
        public void aimless(long id) {
        }

        @CacheInvalidate(key = "#id", tags = "'price:' + #id")
        public void keyWithoutName(long id) {
        }

        @CacheInvalidate(name = "prices", key = "#id", allEntries = true)
        public void keyAndAll(long id) {
        }
    }
}

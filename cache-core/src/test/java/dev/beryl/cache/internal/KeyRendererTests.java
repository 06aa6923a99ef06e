package dev.beryl.cache.internal;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.key.KeyParts;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRendererTests {

    private static final String NAMESPACE = "beryl:products";

    enum Colour { RED, BLUE }

    record Filter(String text, int page) {
    }

    /** Counts how often its JSON is written: Jackson reads a record through its accessors. */
    record Counted(long id) {

        static final AtomicInteger WRITTEN = new AtomicInteger();

        @Override
        public long id() {
            WRITTEN.incrementAndGet();
            return this.id;
        }
    }

    /** One value of every kind that renders differently, hostile ones too. */
    private static List<Object> everyKind() {
        return Arrays.asList(null, 42L, -7L, Long.MIN_VALUE, 0, Integer.MIN_VALUE, "shoes", "", "null", "42",
                "say \"hi\" \\ bye", "a,b", "a\r\nb", "é\"\u0001", "é\\", "é".repeat(200), "\uD83D\uDE00", "\uD800",
                "x".repeat(170), "x".repeat(600), "~abc", 'x', '"', '\n', Colour.RED, true, (short) 3, (byte) -1, 1.5,
                -0.0f, BigInteger.TEN.pow(40), new BigDecimal("1.50"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), LocalDate.of(2024, 5, 1),
                Instant.parse("2024-05-01T00:00:00Z"), Year.of(2024), new Filter("shoes", 2), List.of("a"),
                Set.of("kiwi", "fig"), Map.of(1, "x"), new int[] { 1, 2 });
    }

    private static String rendered(KeyRenderer keys, Object value) {
        StringBuilder part = new StringBuilder();
        keys.appendTo(part, value);
        return part.toString();
    }

    @Test
    void everyWayToAKey_givesTheKeyOfAppendTo_forEveryKindOfValue_withAndWithoutMemo() {
        for (KeyRenderer keys : List.of(KeyRenderer.withMemo(), KeyRenderer.withoutMemo())) {
            for (int round = 0; round < 2; round++) {
                for (Object value : everyKind()) {
                    String part = rendered(keys, value);
                    String key = KeyRenderer.fullKey(NAMESPACE, part);
                    assertThat(keys.ofValue(value)).as("%s", value).isEqualTo(part).isEqualTo(KeyParts.ofValue(value));
                    assertThat(keys.ofArguments(new Object[] { value })).as("%s", value).isEqualTo(part);
                    assertThat(keys.keyOfValue(NAMESPACE, value)).as("%s", value).isEqualTo(key)
                            .isEqualTo(KeyParts.keyOfValue(NAMESPACE, value));
                    assertThat(keys.key(NAMESPACE, new Object[] { value })).as("%s", value).isEqualTo(key)
                            .isEqualTo(KeyParts.key(NAMESPACE, new Object[] { value }));
                    Object[] three = { value, 1, value };
                    assertThat(keys.key(NAMESPACE, three)).as("%s", value)
                            .isEqualTo(KeyRenderer.fullKey(NAMESPACE, keys.ofArguments(three)))
                            .isEqualTo(KeyParts.key(NAMESPACE, three));
                    assertThat(keys.ofSecret(value)).isEqualTo(KeyParts.ofSecret(value));
                }
            }
        }
    }

    @Test
    void staticRendering_holdsNoRecord_onceRendered() {
        WeakReference<Filter> rendered = renderOnce((filter) -> {
            KeyParts.ofValue(filter);
            KeyParts.ofArguments(new Object[] { filter, 1 });
            KeyParts.keyOfValue(NAMESPACE, filter);
            KeyParts.ofSecret(filter);
        });
        assertThat(collect(rendered)).isTrue();
    }

    @Test
    void memo_holdsItsRecords_untilItsRendererGoes() {
        KeyRenderer keys = KeyRenderer.withMemo();
        WeakReference<Filter> rendered = renderOnce(keys::ofValue);
        System.gc();
        assertThat(rendered.get()).isNotNull();
        Reference.reachabilityFence(keys);
        keys = null;
        assertThat(collect(rendered)).isTrue();
    }

    @Test
    void memo_digestsARepeatedRecordOnce_andGivesTheSameDigest() {
        KeyRenderer keys = KeyRenderer.withMemo();
        String digest = keys.ofValue(new Counted(7));
        int perDigest = Counted.WRITTEN.get();
        assertThat(perDigest).isPositive();
        assertThat(keys.ofValue(new Counted(7))).isEqualTo(digest).matches("#[0-9a-f]{32}");
        assertThat(keys.keyOfValue(NAMESPACE, new Counted(7))).isEqualTo(NAMESPACE + ":" + digest);
        assertThat(keys.key(NAMESPACE, new Object[] { new Counted(7), 1 })).isEqualTo(NAMESPACE + ":" + digest + ",1");
        assertThat(Counted.WRITTEN.get()).isEqualTo(perDigest);
        // The static rendering remembers nothing: it writes the JSON again, and gives the same digest.
        assertThat(KeyParts.ofValue(new Counted(7))).isEqualTo(digest);
        assertThat(Counted.WRITTEN.get()).isEqualTo(2 * perDigest);
    }

    /** Renders a record made here, and returns a weak reference to it. */
    private static WeakReference<Filter> renderOnce(Consumer<Filter> render) {
        Filter filter = new Filter("shoes", 4242);
        render.accept(filter);
        return new WeakReference<>(filter);
    }

    /** Whether the referent is collected within a bounded number of collections. */
    private static boolean collect(WeakReference<?> reference) {
        for (int i = 0; i < 20 && reference.get() != null; i++) {
            System.gc();
        }
        return reference.get() == null;
    }

    @Test
    void rememberedDigests_ofManyRecords_stayTheDigestsOfTheirOwnRecords() {
        KeyRenderer keys = KeyRenderer.withMemo();
        // More records than the memo has slots, so that slots are shared and overwritten.
        Map<Filter, String> first = new LinkedHashMap<>();
        for (int page = 0; page < 20_000; page++) {
            Filter filter = new Filter("shoes", page);
            first.put(filter, keys.ofValue(filter));
        }
        assertThat(new HashSet<>(first.values())).hasSize(20_000);
        first.forEach((filter, digest) -> {
            assertThat(keys.ofValue(new Filter(filter.text(), filter.page()))).isEqualTo(digest);
            assertThat(keys.ofValue(filter)).isEqualTo(digest);
        });
        assertThat(KeyParts.ofValue(new Filter("shoes", 19_999))).isEqualTo(first.get(new Filter("shoes", 19_999)));
    }

    /** Equal by its own {@code equals} whatever the tenant: the key must not believe it. */
    record Query(String tenant, long id) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Query query && query.id == this.id;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(this.id);
        }
    }

    @Test
    void recordWhoseEqualsIgnoresAComponent_stillGetsAKeyOfItsOwn_calledAlternately() {
        KeyRenderer keys = KeyRenderer.withMemo();
        Query acme = new Query("acme", 7);
        Query globex = new Query("globex", 7);
        for (int i = 0; i < 3; i++) {
            assertThat(keys.ofValue(acme)).isNotEqualTo(keys.ofValue(globex));
        }
    }

    @Test
    void recordWhoseEqualsIgnoresAComponent_stillGetsAKeyOfItsOwn_calledRepeatedly() {
        KeyRenderer keys = KeyRenderer.withMemo();
        String acme = keys.ofValue(new Query("acme", 8));
        String acmeAgain = keys.ofValue(new Query("acme", 8));
        String globex = keys.ofValue(new Query("globex", 8));
        String globexAgain = keys.ofValue(new Query("globex", 8));
        assertThat(acmeAgain).isEqualTo(acme);
        assertThat(globexAgain).isEqualTo(globex).isNotEqualTo(acme);
        assertThat(keys.key("beryl:q", new Object[] { new Query("globex", 8), 1 }))
                .isNotEqualTo(keys.key("beryl:q", new Object[] { new Query("acme", 8), 1 }));
    }

    /** Every component of another kind of field, and an {@code equals} that says all are equal. */
    record Everything(byte b, short s, char c, int i, long l, float f, double d, boolean z, Colour colour,
            Instant at, BigDecimal amount) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Everything;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void recordMemo_comparesEveryKindOfField() {
        KeyRenderer keys = KeyRenderer.withMemo();
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        Everything base = new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at,
                new BigDecimal("1.0"));
        List<Everything> variants = List.of(base,
                new Everything((byte) 2, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 2, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'b', 1, 1L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 2, 1L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 2L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 2f, 1d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, -0d, true, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, false, Colour.RED, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.BLUE, at, new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at.plusNanos(1),
                        new BigDecimal("1.0")),
                new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at, new BigDecimal("1.00")));
        Set<String> digests = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (Everything variant : variants) {
                digests.add(keys.ofValue(variant));
            }
        }
        assertThat(digests).hasSize(variants.size());
        assertThat(keys.ofValue(new Everything((byte) 1, (short) 1, 'a', 1, 1L, 1f, 1d, true, Colour.RED, at,
                new BigDecimal("1.0")))).isEqualTo(keys.ofValue(base)).isEqualTo(KeyParts.ofValue(base));
    }

    @Test
    void numberKeyOfValue_isTheKeyOfAnIntegralNumber_withTheTextOfKeyOfValue() {
        KeyRenderer keys = KeyRenderer.withoutMemo();
        for (Object value : List.of(42L, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1, Integer.MIN_VALUE, (short) -3,
                (byte) 7)) {
            NumberKey held = NumberKey.ofValue(NAMESPACE, value);
            assertThat(held).as(value.getClass().getSimpleName()).isNotNull();
            assertThat(held).hasToString(keys.keyOfValue(NAMESPACE, value));
            assertThat(held)
                    .isEqualTo(NumberKey.canonical(keys.keyOfValue(NAMESPACE, value), new NumberKey.Namespaces()));
        }
        for (Object value : Arrays.asList("42", 4.2, 'x', Colour.RED, new Filter("a", 1), null, BigInteger.TEN,
                new AtomicInteger(3))) {
            assertThat(NumberKey.ofValue(NAMESPACE, value)).as(String.valueOf(value)).isNull();
        }
    }

    @Test
    void numberKeyOfValue_underANamespaceLongEnoughToBeDigested_isNone() {
        String longest = "beryl:" + "n".repeat(143);
        assertThat(NumberKey.ofValue(longest, Long.MIN_VALUE))
                .hasToString(KeyParts.keyOfValue(longest, Long.MIN_VALUE));
        assertThat(NumberKey.ofValue(longest + "n", 1L)).isNull();
        String wide = "beryl:" + "\u20ac".repeat(143);
        assertThat(NumberKey.ofValue(wide, Long.MIN_VALUE)).as("the longest namespace, in three-byte characters")
                .hasToString(KeyParts.keyOfValue(wide, Long.MIN_VALUE)).asString().doesNotContain("~");
    }
}

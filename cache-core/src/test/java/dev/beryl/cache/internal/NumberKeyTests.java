package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;

class NumberKeyTests {

    private final NumberKey.Namespaces namespaces = new NumberKey.Namespaces();

    @Test
    void canonical_ofANumbersKey_isItsNamespaceAndNumber_withTheSameText() {
        Object key = NumberKey.canonical("beryl:products:42", this.namespaces);
        assertThat(key).isEqualTo(new NumberKey("beryl:products", 42))
                .hasSameHashCodeAs(new NumberKey("beryl:products", 42));
        assertThat(key).hasToString("beryl:products:42");
        assertThat(NumberKey.canonical("beryl:products:-7", this.namespaces))
                .isEqualTo(new NumberKey("beryl:products", -7));
        assertThat(NumberKey.canonical("a:b:c:0", this.namespaces)).isEqualTo(new NumberKey("a:b:c", 0));
        assertThat(NumberKey.canonical(":5", this.namespaces)).isEqualTo(new NumberKey("", 5));
    }

    @Test
    void canonical_ofTheLongsAtEachEnd_isANumberKey() {
        assertThat(NumberKey.canonical("n:9223372036854775807", this.namespaces))
                .isEqualTo(new NumberKey("n", Long.MAX_VALUE));
        assertThat(NumberKey.canonical("n:-9223372036854775808", this.namespaces))
                .isEqualTo(new NumberKey("n", Long.MIN_VALUE));
    }

    /** Whatever the number, its text read back is the key made from the number, both ways round. */
    @Test
    void canonical_ofAnyLongsText_isTheKeyOfThatLong() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Long> numbers = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, -10L, 999_999_999_999_999_999L,
                1_000_000_000_000_000_000L, -1_000_000_000_000_000_000L, 9_223_372_036_854_775_799L,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1));
        for (int i = 0; i < 10_000; i++) {
            numbers.add(random.nextLong() >> random.nextInt(64));
        }
        for (long number : numbers) {
            for (String namespace : List.of("beryl:products", "", "a:b", "n-1")) {
                String text = namespace + ':' + number;
                NumberKey made = new NumberKey(namespace, number);
                for (Object read : List.of(NumberKey.canonical(text), NumberKey.canonical(text, this.namespaces))) {
                    assertThat(read).as(text).isEqualTo(made).hasSameHashCodeAs(made).hasToString(text);
                    assertThat(((NumberKey) read).number()).isEqualTo(number);
                    assertThat(((NumberKey) read).namespace()).isEqualTo(namespace);
                }
            }
        }
    }

    @Test
    void canonical_ofTextThatLongToStringNeverWrites_isTheTextItself() {
        for (String key : List.of("n:042", "n:-0", "n:+1", "n:", "n:-", "n:--1", "n:1a", "n:1.0", "n: 1", "n:1 ",
                "n:9223372036854775808", "n:-9223372036854775809", "n:99999999999999999999", "42", "n:\"42\"",
                "n:\u0661", "n:1,2", "n:()",
                "-5", "5", "n:-00", "n:00", "n:10000000000000000000", "n:-10000000000000000000", ":-", ":")) {
            assertThat(NumberKey.canonical(key, this.namespaces)).as(key).isSameAs(key);
        }
    }

    /** The canonical form tells two keys apart exactly when their texts differ, and gives the text back. */
    @Test
    void canonical_keepsEveryKeyApart_andGivesItsTextBack() {
        List<String> keys = new ArrayList<>();
        for (String namespace : List.of("beryl:p", "beryl:p:1", "beryl:p:01", "beryl:q", "beryl:p:x", "",
                "beryl:\u20ac", "beryl:pp")) {
            for (String part : List.of("0", "1", "01", "-1", "-0", "10", "1:0", "+1", "\"1\"", "1,0", "")) {
                keys.add(namespace + ':' + part);
            }
        }
        for (String a : keys) {
            // Stored (the namespace shared) and looked up (read from the text): both forms, either way round.
            for (Object canonicalA : List.of(NumberKey.canonical(a, this.namespaces), NumberKey.canonical(a))) {
                assertThat(canonicalA.toString()).isEqualTo(a);
                for (String b : keys) {
                    for (Object canonicalB : List.of(NumberKey.canonical(b, this.namespaces), NumberKey.canonical(b))) {
                        assertThat(canonicalA.equals(canonicalB)).as(a + " vs " + b).isEqualTo(a.equals(b));
                        if (a.equals(b)) {
                            assertThat(canonicalA.hashCode()).isEqualTo(canonicalB.hashCode());
                        }
                        if (canonicalA instanceof NumberKey keyA && canonicalB instanceof NumberKey keyB) {
                            assertThat(keyA.compareTo(keyB) == 0).as(a + " vs " + b).isEqualTo(a.equals(b));
                            assertThat(Integer.signum(keyA.compareTo(keyB)))
                                    .isEqualTo(-Integer.signum(keyB.compareTo(keyA)));
                        }
                    }
                }
            }
        }
    }

    @Test
    void textStartsWith_answersAsTheTextWould() {
        NumberKey key = new NumberKey("beryl:products", 42);
        for (String prefix : List.of("", "b", "beryl:", "beryl:products", "beryl:products:", "beryl:products:4",
                "beryl:products:42", "beryl:products:42:", "beryl:products:420", "beryl:product:", "beryl:productsX",
                "beryl:products2:", "x")) {
            assertThat(key.textStartsWith(prefix)).as(prefix).isEqualTo(key.toString().startsWith(prefix));
        }
    }

    @Test
    void namespaces_shareOneInstance_andStayBounded() {
        String first = new String("beryl:products");
        assertThat(this.namespaces.shared(first)).isSameAs(first);
        assertThat(this.namespaces.shared(new String("beryl:products"))).isSameAs(first);
        assertThat(NumberKey.canonical("beryl:products:1", this.namespaces))
                .extracting((key) -> ((NumberKey) key).namespace()).isSameAs(first);
        assertThat(NumberKey.canonical("beryl:products:1")).as("a key looked up, not stored, shares nothing")
                .extracting((key) -> ((NumberKey) key).namespace()).isNotSameAs(first);
        for (int i = 0; i < 5_000; i++) {
            this.namespaces.shared("tenant-" + i);
        }
        assertThat(this.namespaces.size()).isLessThanOrEqualTo(1024);
    }

    @Test
    void order_agreesWithEquality() {
        List<NumberKey> keys = List.of(new NumberKey("a", 1), new NumberKey("a", 2), new NumberKey("b", 1),
                new NumberKey("a", -1), new NumberKey(new String("a"), 1), new NumberKey("", Long.MIN_VALUE));
        for (NumberKey a : keys) {
            for (NumberKey b : keys) {
                assertThat(a.compareTo(b) == 0).as(a + " vs " + b).isEqualTo(a.equals(b));
                assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
            }
        }
    }

    /** Ids chosen so that every key has one hash: the store still tells them apart, and finds each. */
    @Test
    void keysWithOneHash_areAllKeptApart() {
        InMemoryCacheBackend memory = InMemoryCacheBackend.create();
        List<NumberKey> colliding = new ArrayList<>();
        for (long k = 1; k <= 2_000; k++) {
            colliding.add(new NumberKey("beryl:products", k * 0x1_0000_0001L));
        }
        assertThat(colliding).extracting(NumberKey::hashCode).containsOnly(colliding.get(0).hashCode());
        for (NumberKey key : colliding) {
            memory.setSync(key.toString(), key.number(), Duration.ofMinutes(1));
        }
        for (NumberKey key : colliding) {
            assertThat(memory.getSync(key).value()).isEqualTo(key.number());
        }
    }
}

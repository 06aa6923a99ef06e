package dev.beryl.cache.key;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.internal.KeyRenderer;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPartsTests {

    enum Colour { RED, BLUE }

    record Filter(String text, int page) {
    }

    @Test
    void scalars_renderReadably() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(KeyParts.ofArguments(new Object[] { 42L })).isEqualTo("42");
        assertThat(KeyParts.ofArguments(new Object[] { "shoes", 2, true })).isEqualTo("\"shoes\",2,true");
        assertThat(KeyParts.ofArguments(new Object[] { Colour.RED, id, LocalDate.of(2024, 5, 1) }))
                .isEqualTo("RED,123e4567-e89b-12d3-a456-426614174000,2024-05-01");
        assertThat(KeyParts.ofArguments(new Object[] { 'x', null, 1.5 })).isEqualTo("\"x\",null,1.5");
    }

    @Test
    void noArguments_renderAsParentheses() {
        assertThat(KeyParts.ofArguments(new Object[0])).isEqualTo("()");
        assertThat(KeyParts.ofArguments(null)).isEqualTo("()");
    }

    @Test
    void commaInsideString_differsFromTwoStrings() {
        String one = KeyParts.ofArguments(new Object[] { "a,b" });
        String two = KeyParts.ofArguments(new Object[] { "a", "b" });
        assertThat(one).isEqualTo("\"a,b\"").isNotEqualTo(two);
        assertThat(two).isEqualTo("\"a\",\"b\"");
    }

    @Test
    void quotesAndBackslashes_areEscaped_soNoStringForgesASeparator() {
        String forged = KeyParts.ofArguments(new Object[] { "a\",\"b" });
        assertThat(forged).isEqualTo("\"a\\\",\\\"b\"");
        assertThat(forged).isNotEqualTo(KeyParts.ofArguments(new Object[] { "a", "b" }));
        assertThat(KeyParts.ofArguments(new Object[] { "a\\", "b" }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { "a\\\",\"b" }));
    }

    @Test
    void splitBetweenArguments_matters() {
        assertThat(KeyParts.ofArguments(new Object[] { "a,b", "c" }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { "a", "b,c" }));
    }

    @Test
    void null_differsFromTheStringNull() {
        assertThat(KeyParts.ofArguments(new Object[] { null })).isEqualTo("null");
        assertThat(KeyParts.ofArguments(new Object[] { "null" })).isEqualTo("\"null\"");
    }

    @Test
    void number_differsFromStringOfSameDigits() {
        assertThat(KeyParts.ofArguments(new Object[] { 1 }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { "1" }));
        assertThat(KeyParts.ofArguments(new Object[] { true }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { "true" }));
        assertThat(KeyParts.ofArguments(new Object[] { Colour.RED }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { "RED" }));
    }

    @Test
    void complexArguments_renderAsStableDigest() {
        String digest = KeyParts.ofArguments(new Object[] { new Filter("shoes", 2) });
        assertThat(digest).matches("#[0-9a-f]{32}");
        assertThat(KeyParts.ofArguments(new Object[] { new Filter("shoes", 2) })).isEqualTo(digest);
        assertThat(KeyParts.ofArguments(new Object[] { new Filter("shoes", 3) })).isNotEqualTo(digest);
    }

    @Test
    void digest_ofMaps_ignoresInsertionOrder() {
        Map<String, Integer> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Integer> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);
        assertThat(KeyParts.ofArguments(new Object[] { ab })).isEqualTo(KeyParts.ofArguments(new Object[] { ba }));
        assertThat(KeyParts.ofArguments(new Object[] { ab }))
                .isEqualTo(KeyParts.ofArguments(new Object[] { new TreeMap<>(ba) }));
    }

    @Test
    void digest_includesTheKind_soEqualJsonOfOtherKindsDiffers() {
        record Page(int page) {
        }
        record Limit(int page) {
        }
        List<String> list = List.of("a");
        Set<String> set = new HashSet<>(list);
        assertThat(KeyParts.ofArguments(new Object[] { new ArrayList<>(list) }))
                .isEqualTo(KeyParts.ofArguments(new Object[] { List.of("a") }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { set }));
        assertThat(KeyParts.ofArguments(new Object[] { new Page(1) }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { new Limit(1) }));
    }

    @Test
    void digest_ofSets_ignoresIterationOrder() {
        Set<String> small = new HashSet<>(List.of("kiwi", "apple", "fig"));
        Set<String> large = new HashSet<>(1024);
        large.addAll(List.of("fig", "kiwi", "apple"));
        assertThat(KeyParts.ofArguments(new Object[] { small }))
                .isEqualTo(KeyParts.ofArguments(new Object[] { large }))
                .isEqualTo(KeyParts.ofArguments(new Object[] { new java.util.TreeSet<>(small) }));
    }

    @Test
    void ofValue_rendersAsTheOnlyArgumentWould_soExplicitAndDefaultKeysMeet() {
        assertThat(KeyParts.ofValue(42L)).isEqualTo("42");
        assertThat(KeyParts.ofValue("sku:AB-1")).isEqualTo("\"sku:AB-1\"");
        assertThat(KeyParts.ofValue(Colour.RED)).isEqualTo("RED");
        for (Object value : new Object[] { 42L, "AB-1", Colour.RED, null, "null", new Filter("shoes", 2) }) {
            assertThat(KeyParts.ofValue(value)).isEqualTo(KeyParts.ofArguments(new Object[] { value }));
        }
        assertThat(KeyParts.ofValue(null)).isNotEqualTo(KeyParts.ofValue("null"));
    }

    @Test
    void fullKeys_builtInOnePass_equalNamespaceColonPart() {
        List<Object[]> calls = List.of(new Object[0], new Object[] { 42L }, new Object[] { -7 },
                new Object[] { "shoes" }, new Object[] { "say \"hi\" \\ bye" }, new Object[] { (Object) null },
                new Object[] { Colour.RED }, new Object[] { new Filter("shoes", 2) }, new Object[] { 'x' },
                new Object[] { (short) 3 }, new Object[] { "a,b", 2, true, null, 42L, "q\"", Colour.RED });
        for (Object[] args : calls) {
            assertThat(KeyParts.key("beryl:products", args))
                    .isEqualTo("beryl:products:" + KeyParts.ofArguments(args));
            if (args.length == 1) {
                assertThat(KeyParts.keyOfValue("beryl:products", args[0]))
                        .isEqualTo("beryl:products:" + KeyParts.ofValue(args[0]));
            }
        }
        assertThat(KeyParts.key("beryl:products", null)).isEqualTo("beryl:products:()");
    }

    @Test
    void mapsWithKeysOfDifferentTypes_differ() {
        assertThat(KeyParts.ofArguments(new Object[] { Map.of(1, "x") }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { Map.of("1", "x") }));
    }

    @Test
    void year_doesNotLookLikeANumber() {
        assertThat(KeyParts.ofArguments(new Object[] { java.time.Year.of(2024) }))
                .isNotEqualTo(KeyParts.ofArguments(new Object[] { 2024 }));
    }

    @Test
    void longKey_isDigestedUnder512Bytes() {
        String huge = "x".repeat(1 << 20);
        String key = KeyParts.keyOfValue("beryl:search", huge);
        assertThat(key).matches("beryl:search:~[0-9a-f]{32}");
        assertThat(KeyParts.keyOfValue("beryl:search", huge + "y")).matches("beryl:search:~[0-9a-f]{32}")
                .isNotEqualTo(key);
        assertThat(KeyParts.keyOfValue("beryl:search", huge)).isEqualTo(key);
        assertThat(KeyParts.key("beryl:search", new Object[] { huge, 2 })).matches("beryl:search:~[0-9a-f]{32}")
                .isNotEqualTo(key).isNotEqualTo(KeyParts.key("beryl:search", new Object[] { huge, 3 }));
    }

    @Test
    void keyOf512Bytes_staysReadable_andOneByteMore_isDigested() {
        // "beryl:search:" is 13 bytes, the quotes 2: a string of 497 bytes makes a key of exactly 512.
        String fits = "x".repeat(497);
        assertThat(KeyParts.keyOfValue("beryl:search", fits)).isEqualTo("beryl:search:\"" + fits + "\"");
        assertThat(KeyParts.keyOfValue("beryl:search", fits + "x")).matches("beryl:search:~[0-9a-f]{32}");
        // Counted in bytes of UTF-8, not in characters: 'é' is two bytes, '€' three, an emoji four.
        String accents = "é".repeat(248) + "x";
        assertThat(accents.getBytes(StandardCharsets.UTF_8)).hasSize(497);
        assertThat(KeyParts.keyOfValue("beryl:search", accents)).isEqualTo("beryl:search:\"" + accents + "\"");
        assertThat(KeyParts.keyOfValue("beryl:search", accents + "x")).matches("beryl:search:~[0-9a-f]{32}");
        assertThat(KeyParts.keyOfValue("beryl:search", "€".repeat(166))).matches("beryl:search:~[0-9a-f]{32}");
        assertThat(KeyParts.keyOfValue("beryl:search", "\uD83D\uDE00".repeat(124) + "x"))
                .isEqualTo("beryl:search:\"" + "\uD83D\uDE00".repeat(124) + "x\"");
        assertThat(KeyParts.keyOfValue("beryl:search", "\uD83D\uDE00".repeat(125))).matches("beryl:search:~[0-9a-f]{32}");
    }

    @Test
    void everyKey_isAtMost512Bytes_evenWithTheLongestNamespace() {
        String namespace = "n".repeat(KeyParts.MAX_NAMESPACE_BYTES);
        for (Object[] args : List.of(new Object[] { Long.MIN_VALUE }, new Object[] { "x".repeat(600) },
                new Object[] { "\u20ac".repeat(600), 1 }, new Object[] { new Filter("shoes", 2), Colour.RED })) {
            assertThat(KeyParts.key(namespace, args).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        }
        assertThat(KeyParts.fullKey(namespace, "y".repeat(600)).getBytes(StandardCharsets.UTF_8)).hasSize(512);
    }

    @Test
    void controlCharacters_neverReachAKey_thePartIsDigested() {
        for (String text : List.of("a\r\nb", "tab\there", "nul\u0000", "del\u007f", "nel\u0085", "line\u2028sep",
                "para\u2029sep", "lone \uD800 high", "lone \uDC00 low", "ends high \uD83D")) {
            String key = KeyParts.keyOfValue("beryl:users", text);
            assertThat(key).as(text).matches("beryl:users:~[0-9a-f]{32}");
            assertThat(KeyParts.key("beryl:users", new Object[] { text, 1 })).as(text)
                    .matches("beryl:users:~[0-9a-f]{32}").isNotEqualTo(key);
        }
        assertThat(KeyParts.keyOfValue("beryl:users", '\n')).matches("beryl:users:~[0-9a-f]{32}");
        assertThat(KeyParts.keyOfValue("beryl:users", "a\r\nb"))
                .isNotEqualTo(KeyParts.keyOfValue("beryl:users", "a\\r\\nb"));
        // A surrogate pair is one character, and printable.
        assertThat(KeyParts.keyOfValue("beryl:users", "\uD83D\uDE00")).isEqualTo("beryl:users:\"\uD83D\uDE00\"");
    }

    @Test
    void loneSurrogate_doesNotMeetTheQuestionMarkThatUtf8WouldMakeOfIt() {
        assertThat(KeyParts.keyOfValue("beryl:users", "a\uD800"))
                .isNotEqualTo(KeyParts.keyOfValue("beryl:users", "a?"))
                .isNotEqualTo(KeyParts.keyOfValue("beryl:users", "a\uD801"));
    }

    @Test
    void partStartingWithTilde_isDigestedToo_soNoPartCanForgeADigest() {
        String longPart = "y".repeat(600);
        String digested = KeyParts.fullKey("beryl:gen", longPart);
        String forged = digested.substring("beryl:gen:".length());
        assertThat(forged).matches("~[0-9a-f]{32}");
        assertThat(KeyParts.fullKey("beryl:gen", forged)).matches("beryl:gen:~[0-9a-f]{32}").isNotEqualTo(digested);
        assertThat(KeyParts.fullKey("beryl:gen", "tenant-1:42")).isEqualTo("beryl:gen:tenant-1:42");
        assertThat(KeyParts.fullKey("beryl:gen", "")).isEqualTo("beryl:gen:");
    }

    @Test
    void fullKeysBuiltInOnePass_equalFullKeyOfThePart_forHostileArgumentsToo() {
        List<Object[]> calls = List.of(new Object[] { "x".repeat(600) }, new Object[] { "a\r\nb" },
                new Object[] { "q\"\n" }, new Object[] { "é\"\u0001" }, new Object[] { "é\"" }, new Object[] { "é\\" },
                new Object[] { '\t' }, new Object[] { "\uD800" }, new Object[] { "x".repeat(170) },
                new Object[] { "x".repeat(600), 1 }, new Object[] { 1, "a\nb" }, new Object[] { '\n', 'x' },
                new Object[] { "é".repeat(200), "ü".repeat(100) }, new Object[] { "\u20ac".repeat(56) });
        for (Object[] args : calls) {
            assertThat(KeyParts.key("beryl:products", args))
                    .isEqualTo(KeyParts.fullKey("beryl:products", KeyParts.ofArguments(args)));
            if (args.length == 1) {
                assertThat(KeyParts.keyOfValue("beryl:products", args[0]))
                        .isEqualTo(KeyParts.fullKey("beryl:products", KeyParts.ofValue(args[0])));
            }
        }
    }

    @Test
    void keysOfTextWrittenIntoTheBuilder_equalKeysOfTheString_forHostileTextsToo() {
        List<String> texts = List.of("", "trail shoes:2", "~x", "a\"b", "a\\b", "é\"", "é\\", "é\"\u0001",
                "a\r\nb", "\t", "\uD800", "\uD83D\uDE00", "\u2028", "x".repeat(170), "x".repeat(171),
                "x".repeat(600), "é".repeat(250), "\u20ac".repeat(56), "null", "42");
        for (String text : texts) {
            for (String namespace : List.of("beryl:spel", "b".repeat(KeyParts.MAX_NAMESPACE_BYTES))) {
                StringBuilder key = KeyRenderer.startKeyOfText(namespace, 4);
                key.append(text, 0, text.length() / 2).append(text, text.length() / 2, text.length());
                assertThat(KeyRenderer.withoutMemo().keyOfText(key, namespace)).isEqualTo(KeyParts.keyOfValue(namespace, text));
            }
        }
    }

    @Test
    void secret_isADigest_thatTellsValuesApart_withoutShowingThem() {
        String token = KeyParts.ofSecret("Bearer eyJhbGciOi.secret");
        assertThat(token).matches("#[0-9a-f]{32}").doesNotContain("secret");
        assertThat(KeyParts.ofSecret("Bearer eyJhbGciOi.secret")).isEqualTo(token);
        assertThat(KeyParts.ofSecret("Bearer eyJhbGciOi.secreT")).isNotEqualTo(token);
        assertThat(KeyParts.ofSecret(null)).isEqualTo("null");
        // Not the digest that the same value would have as an object.
        List<String> list = List.of("a");
        assertThat(KeyParts.ofSecret(list)).matches("#[0-9a-f]{32}").isNotEqualTo(KeyParts.ofValue(list));
    }
}

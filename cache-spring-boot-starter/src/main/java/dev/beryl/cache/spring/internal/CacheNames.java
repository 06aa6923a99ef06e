package dev.beryl.cache.spring.internal;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.internal.ControlCharacters;
import dev.beryl.cache.key.KeyParts;

/**
 * What a cache name must be, the {@code name} of {@code {key-prefix}:{name}:{part}}: not blank, without {@code :}
 * (which separates the parts of a key, so that one cache's clear could reach another's keys), without control
 * characters, and short enough that every key of the cache fits in {@value KeyParts#MAX_KEY_BYTES} bytes.
 */
final class CacheNames {

    private static final int SHOWN_CHARACTERS = 64;

    private CacheNames() {
    }

    /** What is wrong with a name, to follow {@code "name '...' "}, or {@code null} if nothing is. */
    static @Nullable String problem(String keyPrefix, String name) {
        if (name.isBlank()) {
            return "is blank";
        }
        if (name.indexOf(':') >= 0) {
            return "contains ':', which separates the parts of a key";
        }
        if (ControlCharacters.isIn(name)) {
            return "contains a control character";
        }
        // At most three bytes of UTF-8 a character: short names are not counted.
        if (3 * (keyPrefix.length() + name.length()) + 1 <= KeyParts.MAX_NAMESPACE_BYTES) {
            return null;
        }
        int most = KeyParts.MAX_NAMESPACE_BYTES - keyPrefix.getBytes(StandardCharsets.UTF_8).length - 1;
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > most) {
            return "is " + bytes + " bytes long, more than the " + most + " that key-prefix '" + keyPrefix
                    + "' leaves to a name in a key of at most " + KeyParts.MAX_KEY_BYTES + " bytes";
        }
        return null;
    }

    /** A name as messages show it: control characters escaped, and cut after 64 characters. */
    static String shown(String name) {
        String escaped = ControlCharacters.escape(name);
        return (escaped.length() <= SHOWN_CHARACTERS) ? escaped
                : escaped.substring(0, SHOWN_CHARACTERS) + "...(" + name.length() + " characters)";
    }
}

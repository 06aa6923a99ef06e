package dev.beryl.cache.spring.internal;

import java.lang.reflect.Array;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.beryl.cache.Tags;
import dev.beryl.cache.internal.KeyRenderer;

/**
 * The tags of an annotation: expressions whose values, or the elements of their collections and arrays, become tag
 * ids under the key prefix.
 */
final class TagRule {

    /** No tags; it renders nothing, so a renderer without a memo serves. */
    static final TagRule NONE = new TagRule(List.of(), "", KeyRenderer.withoutMemo());

    private final List<CacheExpression> expressions;

    private final String keyPrefix;

    private final KeyRenderer keys;

    TagRule(List<CacheExpression> expressions, String keyPrefix, KeyRenderer keys) {
        this.expressions = expressions;
        this.keyPrefix = keyPrefix;
        this.keys = keys;
    }

    boolean isEmpty() {
        return this.expressions.isEmpty();
    }

    /** The tag ids of a call; {@code null} values and elements are skipped. */
    Set<String> ids(Call call) {
        if (this.expressions.isEmpty()) {
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (CacheExpression expression : this.expressions) {
            Object value = expression.value(call);
            if (value instanceof Iterable<?> values) {
                values.forEach((element) -> add(ids, element));
            }
            else if (value != null && value.getClass().isArray()) {
                for (int i = 0; i < Array.getLength(value); i++) {
                    add(ids, Array.get(value, i));
                }
            }
            else {
                add(ids, value);
            }
        }
        return ids;
    }

    /** A tag is a name: text as it is ({@code product:42}), other values as their key rendering ({@code 42}). */
    private void add(Set<String> ids, Object tag) {
        if (tag != null) {
            String name = (tag instanceof CharSequence) ? tag.toString() : this.keys.ofValue(tag);
            ids.add(Tags.id(this.keyPrefix, name));
        }
    }
}

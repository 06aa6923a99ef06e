package dev.beryl.cache.spring.samename.a;

import dev.beryl.cache.annotation.Cached;

/** One of two classes of the same simple name, whose default cache names would be the same. */
public class Svc {

    @Cached
    public String get(long id) {
        return "from a";
    }
}

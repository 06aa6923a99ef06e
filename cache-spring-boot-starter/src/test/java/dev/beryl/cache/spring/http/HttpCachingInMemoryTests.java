package dev.beryl.cache.spring.http;

import java.util.List;

/** Cached handlers over real HTTP, on the in-memory backend. */
class HttpCachingInMemoryTests extends HttpCachingContract {

    @Override
    List<String> backend() {
        return List.of("beryl.cache.default-backend=memory");
    }
}

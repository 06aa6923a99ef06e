package dev.beryl.cache.spring.http;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.redis.RedisTestClient;
import dev.beryl.cache.redis.testsupport.RedisExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Cached handlers over real HTTP, on a Redis of their own. */
class HttpCachingOnRedisIntegrationTests extends HttpCachingContract {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    @Override
    List<String> backend() {
        return List.of("beryl.cache.default-backend=redis", "beryl.cache.redis.url=" + redis.server().uri());
    }

    @Test
    void principalKeys_nameTheUser_andEntriesKeepTheirTagInRedis() throws Exception {
        get("/principal/profile/11", as("alice"));
        get("/principal/profile/11");
        String etag = get("/items/11").headers().firstValue("ETag").orElseThrow();
        try (RedisTestClient client = RedisTestClient.standalone(redis.server().uri())) {
            assertThat(client.getString("beryl:principalProfile:@\"alice\":11")).contains("\"user\":\"alice\"");
            assertThat(client.getString("beryl:principalProfile:anonymous:11")).contains("\"user\":\"anonymous\"");
            String item = client.getString("beryl:items:11");
            assertThat(item).contains("\"value\":{\"id\":11,\"name\":\"item 11\"}")
                    .contains("\"etag\":\"" + etag.replace("\"", "\\\"") + "\"");
        }
    }
}

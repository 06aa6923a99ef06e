package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.AbstractTaggingCacheBackendTests;
import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.TaggingCacheBackend;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** The backend contract on a three-master Redis Cluster, and keys that land on every master. */
class RedisClusterIntegrationTests extends AbstractTaggingCacheBackendTests {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.cluster();

    private RedisCacheBackend backend;

    private RedisTestClient raw;

    @BeforeEach
    void connect() {
        this.raw = RedisTestClient.cluster(redis.clusterNodes());
        for (RedisProcess node : redis.clusterProcesses()) {
            node.command("FLUSHALL");
        }
        this.backend = RedisCacheBackend.builder().clusterNodes(redis.clusterNodes()).build();
    }

    @AfterEach
    void close() throws Exception {
        this.backend.close();
        this.raw.close();
    }

    @Override
    protected TaggingCacheBackend backend() {
        return this.backend;
    }

    @Override
    protected void advance(Duration duration) {
        this.raw.advance("contract:*", duration);
    }

    @Test
    void keysOnEveryMaster_roundTrip_andClearRemovesThemAll() {
        Map<RedisProcess, List<String>> byNode = keysOnEachNode("beryl:products:", 20);
        assertThat(byNode).hasSize(3);
        byNode.values().forEach((keys) -> keys.forEach((key) -> this.backend.setSync(key, key, Duration.ofMinutes(1))));
        this.raw.setString("beryl:users:1", "another cache");
        byNode.values().forEach((keys) -> keys.forEach((key) -> assertThat(this.backend.getSync(key, String.class))
                .isEqualTo(CacheLookup.hit(key))));
        for (RedisProcess node : redis.clusterProcesses()) {
            assertThat(Long.parseLong(node.command("DBSIZE"))).as("keys on node %s", node.port()).isPositive();
        }

        this.backend.clear("beryl:products").join();

        byNode.values().forEach((keys) -> keys.forEach((key) -> assertThat(this.backend.getSync(key, String.class)
                .isHit()).isFalse()));
        assertThat(this.raw.getString("beryl:users:1")).isEqualTo("another cache");
    }

    /** Keys whose slots belong to each node, from one look at each node's slot ranges. */
    private Map<RedisProcess, List<String>> keysOnEachNode(String prefix, int perNode) {
        Map<RedisProcess, List<int[]>> ranges = new HashMap<>();
        for (RedisProcess node : redis.clusterProcesses()) {
            ranges.put(node, slotRanges(node));
        }
        Map<RedisProcess, List<String>> byNode = new HashMap<>();
        for (int i = 0; i < 10_000 && byNode.values().stream().mapToInt(List::size).sum() < 3 * perNode; i++) {
            String key = prefix + i;
            int slot = SlotHash.getSlot(key);
            ranges.forEach((node, owned) -> {
                boolean serves = owned.stream().anyMatch((range) -> slot >= range[0] && slot <= range[1]);
                List<String> keys = byNode.computeIfAbsent(node, (n) -> new ArrayList<>());
                if (serves && keys.size() < perNode) {
                    keys.add(key);
                }
            });
        }
        return byNode;
    }

    private static List<int[]> slotRanges(RedisProcess node) {
        String myId = node.command("CLUSTER", "MYID");
        List<int[]> ranges = new ArrayList<>();
        for (String line : node.command("CLUSTER", "NODES").split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields[0].equals(myId)) {
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    ranges.add(new int[] { from, (range.length > 1) ? Integer.parseInt(range[1]) : from });
                }
            }
        }
        return ranges;
    }
}

package dev.beryl.cache.spring

import dev.beryl.cache.redis.RedisTestClient
import dev.beryl.cache.redis.testsupport.RedisExtension
import dev.beryl.cache.spring.AsyncQuotes.Quote
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import kotlin.time.Duration.Companion.seconds

/** Kotlin `suspend` functions cached in a real Redis: what is stored is the JSON of the function's value. */
class RedisSuspendIntegrationTests {

    companion object {

        @JvmField
        @RegisterExtension
        val redis: RedisExtension = RedisExtension.standalone()
    }

    private val contextRunner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration::class.java))
        .withBean(SuspendQuotes::class.java)
        .withPropertyValues("beryl.cache.default-backend=redis", "beryl.cache.redis.timeout=1s",
            "beryl.cache.redis.url=" + redis.server().uri())

    @BeforeEach
    @AfterEach
    fun flush() {
        RedisTestClient.standalone(redis.server().uri()).use { it.flushAll() }
    }

    private fun get(key: String): String? = RedisTestClient.standalone(redis.server().uri()).use { it.getString(key) }

    private fun <T> deadline(block: suspend CoroutineScope.() -> T): T =
        runBlocking { withTimeout(10.seconds) { block() } }

    @Test
    fun value_isStoredAsTheJsonOfTheReturnType_andReadBackAsIt() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                assertThat(quotes.quote(5)).isEqualTo(Quote(5, "q5"))
                assertThat(quotes.search("red shoes", 2)).containsExactly(Quote(2, "red shoes"))
                assertThat(quotes.price("AB-1")).isEqualTo(Price("AB-1", 1250))
            }
            assertThat(get("beryl:quotes:5")).isEqualTo("{\"id\":5,\"text\":\"q5\"}")
            assertThat(get("beryl:searches:\"red shoes\",2")).isEqualTo("[{\"id\":2,\"text\":\"red shoes\"}]")
            assertThat(get("beryl:prices:\"AB-1\"")).isEqualTo("{\"sku\":\"AB-1\",\"cents\":1250}")

            deadline {
                assertThat(quotes.quote(5)).isEqualTo(Quote(5, "q5"))
                assertThat(quotes.search("red shoes", 2)).containsExactly(Quote(2, "red shoes"))
                assertThat(quotes.price("AB-1")).isEqualTo(Price("AB-1", 1250))
            }
            assertThat(quotes.calls()).isEqualTo(3)
        }
    }

    @Test
    fun null_isStoredOnlyWithCacheNull_andFailuresNever() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                repeat(2) {
                    assertThat(quotes.absent(1)).isNull()
                    assertThat(quotes.absentKept(1)).isNull()
                    assertThat(runCatching { quotes.failing(1) }.exceptionOrNull()).hasMessage("quote service down")
                }
            }
            assertThat(get("beryl:absent:1")).isNull()
            assertThat(get("beryl:absentKept:1")).isNotNull()
            assertThat(get("beryl:failing:1")).isNull()
            assertThat(quotes.calls()).isEqualTo(5)
        }
    }

    @Test
    fun putThroughAndInvalidation_reachRedis() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline { quotes.save(6, "saved") }
            assertThat(get("beryl:quotes:6")).isEqualTo("{\"id\":6,\"text\":\"saved\"}")

            deadline { quotes.remove(6) }

            assertThat(get("beryl:quotes:6")).isNull()
        }
    }
}

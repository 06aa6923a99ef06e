package dev.beryl.cache.spring

import dev.beryl.cache.CacheBackend
import dev.beryl.cache.CacheLookup
import dev.beryl.cache.key.CacheKeyGenerator
import dev.beryl.cache.spring.AsyncQuotes.Quote
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration
import dev.beryl.cache.spring.internal.CachedAdvisor
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.aopalliance.intercept.MethodInterceptor
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.springframework.aop.Advisor
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor
import org.springframework.beans.factory.config.BeanDefinition
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import reactor.core.publisher.Mono
import java.io.IOException
import java.lang.reflect.Type
import java.time.Duration
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlin.time.Duration.Companion.seconds

/** Kotlin `suspend` functions, cached by their value: in memory, and in a backend that shows the keys it was given. */
class SuspendFunctionsTests {

    private val recording = RecordingBackend()

    private val contextRunner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration::class.java))
        .withBean("recording", CacheBackend::class.java, { recording })
        .withBean(SuspendQuotes::class.java)

    /** Runs a test's coroutine with a deadline. */
    private fun <T> deadline(block: suspend CoroutineScope.() -> T): T =
        runBlocking { withTimeout(10.seconds) { block() } }

    @Test
    fun missThenHit_runsTheFunctionOnce_andAnotherKeyRunsItAgain() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                assertThat(quotes.quote(1)).isEqualTo(Quote(1, "q1"))
                assertThat(quotes.quote(1)).isEqualTo(Quote(1, "q1"))
                assertThat(quotes.calls()).isEqualTo(1)

                assertThat(quotes.quote(2)).isEqualTo(Quote(2, "q2"))
                assertThat(quotes.calls()).isEqualTo(2)
            }
        }
    }

    @Test
    fun memoryHit_returnsTheValue_withoutSuspending() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline { quotes.quote(4) }
            val resumed = CompletableFuture<Result<Any?>>()
            val completion = object : Continuation<Any?> {
                override val context = EmptyCoroutineContext

                override fun resumeWith(result: Result<Any?>) {
                    resumed.complete(result)
                }
            }

            val answer = (suspend { quotes.quote(4) }).startCoroutineUninterceptedOrReturn(completion)

            assertThat(answer).isNotSameAs(COROUTINE_SUSPENDED).isEqualTo(Quote(4, "q4"))
            assertThat(resumed).isNotDone
            assertThat(quotes.calls()).isEqualTo(1)
        }
    }

    @Test
    fun keys_seeTheArgumentsWithoutTheContinuation() {
        contextRunner.withPropertyValues("beryl.cache.default-backend=recording").run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                quotes.quote(42)
                quotes.search("red shoes", 2)
                quotes.byPosition(7)
                quotes.computed(3)

                assertThat(quotes.search("red shoes", 2)).containsExactly(Quote(2, "red shoes"))
                assertThat(quotes.computed(3)).isEqualTo(Quote(3, "c3"))
            }
            assertThat(recording.keys()).containsExactlyInAnyOrder(
                "beryl:quotes:42",
                "beryl:searches:\"red shoes\",2",
                "beryl:byPosition:7",
                "beryl:computed:31",
            )
            assertThat(quotes.calls()).isEqualTo(4)
        }
    }

    @Test
    fun keyGenerators_seeTheArgumentsWithoutTheContinuation() {
        contextRunner.withPropertyValues("beryl.cache.default-backend=recording")
            .withBean("argumentCounter", CacheKeyGenerator::class.java, {
                CacheKeyGenerator { _, _, args -> "${args.size}-" + args.joinToString("-") }
            })
            .withBean(GeneratedKeyQuotes::class.java)
            .run { context ->
                deadline {
                    context.getBean(GeneratedKeyQuotes::class.java).generated(5, "five")
                    context.getBean(SuspendQuotes::class.java).search("red shoes", 2)
                }
                assertThat(recording.keys()).`as`("named, and the application's default key generator")
                    .containsExactlyInAnyOrder("beryl:generated:2-5-five", "beryl:searches:2-red shoes-2")
            }
    }

    @Test
    fun conditionAndUnless_seeTheArgumentsAndTheValue() {
        contextRunner.withPropertyValues("beryl.cache.default-backend=recording").run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                quotes.conditional(0, "not cached: condition")
                quotes.conditional(1, "skip")
                quotes.conditional(2, "kept")
                quotes.conditional(2, "kept")
            }
            assertThat(recording.keys()).containsExactly("beryl:conditional:2")
            assertThat(recording.value("beryl:conditional:2")).isEqualTo(Quote(2, "kept"))
            assertThat(quotes.calls()).isEqualTo(3)
        }
    }

    @Test
    fun nullValue_isNotCached_unlessCacheNull() {
        contextRunner.withPropertyValues("beryl.cache.default-backend=recording").run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                assertThat(quotes.absent(1)).isNull()
                assertThat(quotes.absent(1)).isNull()
                assertThat(quotes.calls()).isEqualTo(2)

                assertThat(quotes.absentKept(1)).isNull()
                assertThat(quotes.absentKept(1)).isNull()
                assertThat(quotes.calls()).isEqualTo(3)
            }
            assertThat(recording.keys()).containsExactly("beryl:absentKept:1")
            assertThat(recording.value("beryl:absentKept:1")).isNull()
        }
    }

    @Test
    fun failure_reachesTheCaller_andIsNotCached() {
        contextRunner.withPropertyValues("beryl.cache.default-backend=recording").run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                repeat(2) {
                    val failure = assertThrows<IOException> { quotes.failing(1) }
                    assertThat(failure).hasMessage("quote service down")
                }
            }
            assertThat(quotes.calls()).isEqualTo(2)
            assertThat(recording.keys()).isEmpty()
        }
    }

    @Test
    fun twentyConcurrentColdCalls_shareOneCallOfTheFunction() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            val gate = CompletableDeferred<Unit>()
            quotes.gate = gate
            deadline {
                withContext(Dispatchers.Default) {
                    // Each caller runs into the proxy at once and suspends there: all 20 are in before any value is.
                    val calls: List<Deferred<Quote>> = (1..20).map {
                        async(start = CoroutineStart.UNDISPATCHED) { quotes.quote(7) }
                    }
                    quotes.entered.await()
                    assertThat(calls).noneMatch { it.isCompleted }

                    gate.complete(Unit)

                    assertThat(calls.awaitAll()).hasSize(20).containsOnly(Quote(7, "q7"))
                }
            }
            assertThat(quotes.calls()).isEqualTo(1)
        }
    }

    @Test
    fun cancelledCaller_doesNotCancelTheSharedCallForTheOthers() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            val gate = CompletableDeferred<Unit>()
            quotes.gate = gate
            deadline {
                withContext(Dispatchers.Default) {
                    val cancelled = async(start = CoroutineStart.UNDISPATCHED) { quotes.quote(8) }
                    val other = async(start = CoroutineStart.UNDISPATCHED) { quotes.quote(8) }
                    quotes.entered.await()
                    cancelled.cancel()
                    gate.complete(Unit)

                    assertThat(other.await()).isEqualTo(Quote(8, "q8"))
                    assertThat(cancelled.isCancelled).isTrue()
                    assertThat(quotes.quote(8)).isEqualTo(Quote(8, "q8"))
                }
            }
            assertThat(quotes.calls()).isEqualTo(1)
        }
    }

    @Test
    fun putThrough_storesTheValueTheFunctionReturned() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                quotes.quote(6)

                assertThat(quotes.save(6, "new")).isEqualTo(Quote(6, "new"))

                assertThat(quotes.quote(6)).isEqualTo(Quote(6, "new"))
                assertThat(quotes.calls()).isEqualTo(2)
            }
        }
    }

    @Test
    fun invalidation_actsOnceTheFunctionCompletes_andNotWhenItFails() {
        contextRunner.run { context ->
            val quotes = context.getBean(SuspendQuotes::class.java)
            deadline {
                quotes.quote(9)
                val gate = CompletableDeferred<Unit>()
                quotes.gate = gate
                val removal = async(start = CoroutineStart.UNDISPATCHED) { quotes.remove(9) }
                assertThat(quotes.quote(9)).isEqualTo(Quote(9, "q9"))
                assertThat(quotes.calls()).`as`("nothing is removed while the function runs").isEqualTo(1)

                assertThrows<IOException> { quotes.removeFailing(9) }
                assertThat(quotes.quote(9)).isEqualTo(Quote(9, "q9"))
                assertThat(quotes.calls()).`as`("a failed function removes nothing").isEqualTo(1)

                gate.complete(Unit)
                removal.await()
                quotes.gate = null
                assertThat(quotes.quote(9)).isEqualTo(Quote(9, "q9"))
                assertThat(quotes.calls()).isEqualTo(2)
            }
        }
    }

    /**
     * Spring's proxy calls the function at the end of the advice chain and awaits what the chain returns, so advice
     * on either side of Beryl's runs as on any cached method, and sees a `Mono`.
     */
    @Test
    fun adviceOnEitherSideOfBeryls_runsAndSeesAMono() {
        val outer = RecordingAdvice()
        val inner = RecordingAdvice()
        contextRunner
            .withBean("outerAdvisor", Advisor::class.java, { outer.advisor(CachedAdvisor.DEFAULT_ORDER - 1) },
                { it.role = BeanDefinition.ROLE_INFRASTRUCTURE })
            .withBean("innerAdvisor", Advisor::class.java, { inner.advisor(CachedAdvisor.DEFAULT_ORDER + 1) },
                { it.role = BeanDefinition.ROLE_INFRASTRUCTURE })
            .run { context ->
                val quotes = context.getBean(SuspendQuotes::class.java)
                deadline {
                    assertThat(quotes.quote(3)).isEqualTo(Quote(3, "q3"))
                    assertThat(quotes.quote(3)).isEqualTo(Quote(3, "q3"))
                }
                assertThat(outer.returned).containsExactly("Mono", "Mono")
                assertThat(inner.returned).`as`("a hit does not call into the chain").containsExactly("Mono")
                assertThat(quotes.calls()).isEqualTo(1)
            }
    }

    /** Advice that records the kind of what the rest of the chain returned. */
    private class RecordingAdvice {

        val returned: MutableList<String> = CopyOnWriteArrayList()

        fun advisor(order: Int): Advisor {
            val advisor = NameMatchMethodPointcutAdvisor(MethodInterceptor { invocation ->
                val result = invocation.proceed()
                returned.add(if (result is Mono<*>) "Mono" else result.toString())
                result
            })
            advisor.setMappedName("quote")
            advisor.order = order
            return advisor
        }
    }

    /** A backend without expiry that shows the keys it holds, and holds `null` values. */
    class RecordingBackend : CacheBackend {

        private val entries: MutableMap<String, Any?> = Collections.synchronizedMap(LinkedHashMap())

        fun keys(): Set<String> = synchronized(entries) { entries.keys.toSet() }

        fun value(key: String): Any? = entries[key]

        override fun get(key: String, valueType: Type): CompletableFuture<CacheLookup> =
            CompletableFuture.completedFuture(synchronized(entries) {
                if (entries.containsKey(key)) CacheLookup.hit(entries[key]) else CacheLookup.miss()
            })

        override fun set(key: String, value: Any?, ttl: Duration): CompletableFuture<Void> {
            entries[key] = value
            return CompletableFuture.completedFuture(null)
        }

        override fun delete(key: String): CompletableFuture<Void> {
            entries.remove(key)
            return CompletableFuture.completedFuture(null)
        }
    }
}

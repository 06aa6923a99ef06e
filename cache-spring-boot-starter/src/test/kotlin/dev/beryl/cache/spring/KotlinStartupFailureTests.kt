package dev.beryl.cache.spring

import dev.beryl.cache.annotation.Cached
import dev.beryl.cache.spring.AsyncQuotes.Quote
import dev.beryl.cache.spring.StartupFailures.assertStartupFailure
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import org.junit.jupiter.api.Test
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import reactor.core.publisher.Mono

/** Kotlin functions whose value Beryl cannot cache stop the application, rather than caching a stream or nothing. */
class KotlinStartupFailureTests {

    private val contextRunner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration::class.java))

    @Test
    fun flow_failsStartup() {
        contextRunner.withBean(FlowQuotes::class.java).run { context ->
            assertStartupFailure(context, "@Cached on FlowQuotes.quotes(long): return type "
                + "kotlinx.coroutines.flow.Flow is asynchronous in a way Beryl does not cache",
                "Return CompletableFuture, CompletionStage, Mono or Flux, or the value itself.")
        }
    }

    @Test
    fun suspendFunctionReturningFlow_failsStartup() {
        contextRunner.withBean(SuspendFlowQuotes::class.java).run { context ->
            assertStartupFailure(context, "@Cached on SuspendFlowQuotes.quotes(long, Continuation): the suspend "
                + "function returns kotlinx.coroutines.flow.Flow, which is asynchronous in a way Beryl does not cache",
                "Return the value itself from the suspend function.")
        }
    }

    @Test
    fun suspendFunctionReturningMono_failsStartup() {
        contextRunner.withBean(SuspendMonoQuotes::class.java).run { context ->
            assertStartupFailure(context, "@Cached on SuspendMonoQuotes.quote(long, Continuation): the suspend "
                + "function returns reactor.core.publisher.Mono, which is asynchronous in a way Beryl does not cache",
                "Return the value itself from the suspend function.")
        }
    }

    @Test
    fun suspendFunctionReturningUnit_failsStartup() {
        contextRunner.withBean(UnitQuotes::class.java).run { context ->
            assertStartupFailure(context, "@Cached on UnitQuotes.touch(long, Continuation): the suspend function "
                + "returns Unit, so there is nothing to cache", "Remove the annotation, or return the value to cache.")
        }
    }

    open class FlowQuotes {

        @Cached
        open fun quotes(id: Long): Flow<Quote> = flowOf(Quote(id, "first"), Quote(id, "second"))
    }

    open class SuspendFlowQuotes {

        @Cached
        open suspend fun quotes(id: Long): Flow<Quote> = flowOf(Quote(id, "first"))
    }

    open class SuspendMonoQuotes {

        @Cached
        open suspend fun quote(id: Long): Mono<Quote> = Mono.just(Quote(id, "m"))
    }

    open class UnitQuotes {

        @Cached
        open suspend fun touch(id: Long) {
        }
    }
}

package dev.beryl.cache.spring

import dev.beryl.cache.annotation.CacheInvalidate
import dev.beryl.cache.annotation.CachePut
import dev.beryl.cache.annotation.Cached
import dev.beryl.cache.spring.AsyncQuotes.Quote
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.yield
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger

/**
 * Cached Kotlin `suspend` functions, counting their calls; shared by the memory and Redis tests. Open, so that
 * Spring's proxy can intercept them (an application would use the kotlin-spring compiler plugin).
 */
open class SuspendQuotes {

    private val calls = AtomicInteger()

    /** When set, [quote] and [remove] wait for it before they return: a value that is not there yet. */
    @Volatile
    open var gate: CompletableDeferred<Unit>? = null

    /** Completed when [quote] starts to run. */
    open val entered = CompletableDeferred<Unit>()

    @Cached(name = "quotes", key = "#id")
    open suspend fun quote(id: Long): Quote {
        calls.incrementAndGet()
        entered.complete(Unit)
        gate?.await()
        yield()
        return Quote(id, "q$id")
    }

    @Cached(name = "searches")
    open suspend fun search(text: String, page: Int): List<Quote> {
        calls.incrementAndGet()
        yield()
        return listOf(Quote(page.toLong(), text))
    }

    @Cached(name = "byPosition", key = "#p0")
    open suspend fun byPosition(id: Long): Quote {
        calls.incrementAndGet()
        return Quote(id, "p$id")
    }

    /** A key that SpEL evaluates, not one of the shapes that skip it. */
    @Cached(name = "computed", key = "#id * 10 + #root.args.length")
    open suspend fun computed(id: Long): Quote {
        calls.incrementAndGet()
        return Quote(id, "c$id")
    }

    @Cached(name = "conditional", key = "#id", condition = "#id > 0", unless = "#result.text() == 'skip'")
    open suspend fun conditional(id: Long, text: String): Quote {
        calls.incrementAndGet()
        return Quote(id, text)
    }

    @Cached(name = "prices", key = "#sku")
    open suspend fun price(sku: String): Price {
        calls.incrementAndGet()
        yield()
        return Price(sku, 1250)
    }

    @Cached(name = "absent")
    open suspend fun absent(id: Long): Quote? {
        calls.incrementAndGet()
        yield()
        return null
    }

    @Cached(name = "absentKept", cacheNull = true)
    open suspend fun absentKept(id: Long): Quote? {
        calls.incrementAndGet()
        yield()
        return null
    }

    @Cached(name = "failing")
    open suspend fun failing(id: Long): Quote {
        calls.incrementAndGet()
        yield()
        throw IOException("quote service down")
    }

    @CachePut(name = "quotes", key = "#id")
    open suspend fun save(id: Long, text: String): Quote {
        calls.incrementAndGet()
        yield()
        return Quote(id, text)
    }

    @CacheInvalidate(name = "quotes", key = "#id")
    open suspend fun remove(id: Long) {
        gate?.await()
    }

    @CacheInvalidate(name = "quotes", key = "#id")
    open suspend fun removeFailing(id: Long) {
        yield()
        throw IOException("not removed")
    }

    open fun calls(): Int = calls.get()
}

/** A Kotlin value, read back from JSON through its constructor. */
data class Price(val sku: String, val cents: Long)

/** A function whose key a key generator makes. */
open class GeneratedKeyQuotes {

    @Cached(name = "generated", keyGenerator = "argumentCounter")
    open suspend fun generated(id: Long, text: String): Quote = Quote(id, text)
}

package dev.beryl.cache.memory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A recent reading of a clock, kept by a background thread, so that a hit on an entry far from its expiry need not
 * read the clock. On virtual machines a read of {@link System#nanoTime()} costs 20–40 ns, and it waits for the
 * loads before it: half of an in-memory hit. A hit asks {@link #surelyBefore(long)} first, and reads the clock
 * itself only when that cannot tell: in the last {@link #GUARD} of an entry's life, or while no thread ticks.
 * <p>
 * The thread publishes the time every {@link #PERIOD}, and stops after ten seconds in which nobody asked; the next
 * question starts it again. So an answer relies on a reading at most {@code PERIOD} old, plus however long the
 * thread was held up: an entry may outlive its ttl only when the thread is held up for longer than
 * {@code GUARD - PERIOD} (90 ms), by at most that delay.
 */
final class RecentTime {

    /** How often the thread publishes the time. */
    static final Duration PERIOD = Duration.ofMillis(10);

    /** How far ahead a deadline must be, by the recent reading, to be surely ahead. */
    static final Duration GUARD = Duration.ofMillis(100);

    /** Ticks without a question after which the thread stops: ten seconds. */
    static final int IDLE_TICKS = 1000;

    private static final long GUARD_NANOS = GUARD.toNanos();

    /** The recent time of {@link System#nanoTime()}, which Caffeine's system ticker reads: one thread per JVM. */
    static final RecentTime SYSTEM = new RecentTime(System::nanoTime, true);

    /** Never sure: every hit reads its own clock, e.g. a ticker that tests advance by hand. */
    static final RecentTime NEVER = new RecentTime(() -> 0, false, false);

    private final LongSupplier clock;

    /** Whether ticking is done by a thread of its own; if not, by calls of {@link #tick()}, as tests do. */
    private final boolean threaded;

    private volatile long now;

    private volatile boolean ticking;

    /** Whether a question came since the last tick. */
    private volatile boolean asked;

    /** Whether ticking may start: not for {@link #NEVER}, nor once a thread could not be started. */
    private volatile boolean startable;

    /** Ticks in a row without a question; the ticking thread's own. */
    private int idleTicks;

    RecentTime(LongSupplier clock, boolean threaded) {
        this(clock, threaded, true);
    }

    private RecentTime(LongSupplier clock, boolean threaded, boolean startable) {
        this.clock = clock;
        this.threaded = threaded;
        this.startable = startable;
    }

    /**
     * Whether {@code deadline}, a reading of the clock, is surely still ahead; {@code false} when it is near, or when
     * nothing ticks, and then the caller reads the clock.
     */
    boolean surelyBefore(long deadline) {
        if (!this.ticking) {
            if (this.startable) {
                start();
            }
            return false;
        }
        if (!this.asked) {
            this.asked = true;
        }
        return deadline - this.now > GUARD_NANOS;
    }

    /** Starts ticking, with a fresh reading before anyone relies on it. */
    private synchronized void start() {
        if (this.ticking || !this.startable) {
            return;
        }
        this.now = this.clock.getAsLong();
        this.idleTicks = 0;
        this.asked = true;
        this.ticking = true;
        if (this.threaded) {
            try {
                // Shared by every store of the JVM and outliving the caller: it keeps neither the caller's
                // inheritable thread-locals nor its context class loader (a devtools restart's, say).
                Thread thread = new Thread(null, this::run, "beryl-recent-time", 0, false);
                thread.setContextClassLoader(RecentTime.class.getClassLoader());
                thread.setDaemon(true);
                thread.start();
            }
            catch (RuntimeException | OutOfMemoryError ex) {
                // No thread, no recent time: hits read the clock, as they would without this.
                this.ticking = false;
                this.startable = false;
            }
        }
    }

    private void run() {
        long period = PERIOD.toNanos();
        do {
            LockSupport.parkNanos(period);
        }
        while (tick());
    }

    /**
     * Publishes the time, or stops when nobody asked for {@link #IDLE_TICKS} ticks.
     * @return whether ticking goes on
     */
    boolean tick() {
        if (this.asked) {
            this.asked = false;
            this.idleTicks = 0;
        }
        else if (++this.idleTicks >= IDLE_TICKS) {
            // A caller that saw ticking a moment ago relies on a reading at most one period old.
            this.ticking = false;
            return false;
        }
        this.now = this.clock.getAsLong();
        return true;
    }

    /** Whether a thread (or a test) ticks. */
    boolean ticking() {
        return this.ticking;
    }
}

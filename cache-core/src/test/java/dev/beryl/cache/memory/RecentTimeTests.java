package dev.beryl.cache.memory;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.FakeTicker;

import static org.assertj.core.api.Assertions.assertThat;

/** The recent time that in-memory hits trust far from expiry, ticked by hand over a fake clock. */
class RecentTimeTests {

    private static final long GUARD = RecentTime.GUARD.toNanos();

    private final FakeTicker clock = new FakeTicker().advance(Duration.ofHours(1));

    private final RecentTime recent = new RecentTime(this.clock::read, false);

    @Test
    void beforeItTicks_itIsNeverSure_andTheQuestionStartsIt() {
        long farAhead = this.clock.read() + Duration.ofHours(1).toNanos();
        assertThat(this.recent.ticking()).isFalse();
        assertThat(this.recent.surelyBefore(farAhead)).isFalse();
        assertThat(this.recent.ticking()).isTrue();
        assertThat(this.recent.surelyBefore(farAhead)).isTrue();
    }

    @Test
    void aDeadlineWithinTheGuard_isNeverSure() {
        long now = this.clock.read();
        this.recent.surelyBefore(now);
        assertThat(this.recent.surelyBefore(now + GUARD)).isFalse();
        assertThat(this.recent.surelyBefore(now + GUARD + 1)).isTrue();
        assertThat(this.recent.surelyBefore(now - 1)).isFalse();
    }

    @Test
    void eachTick_movesTheReadingOn() {
        long start = this.clock.read();
        this.recent.surelyBefore(start);
        long deadline = start + GUARD + Duration.ofMillis(20).toNanos();
        this.clock.advance(RecentTime.PERIOD);
        // Until the next tick, the reading is one period old: the guard covers it.
        assertThat(this.recent.surelyBefore(deadline)).isTrue();
        this.recent.tick();
        assertThat(this.recent.surelyBefore(deadline)).isTrue();
        this.clock.advance(RecentTime.PERIOD.multipliedBy(2));
        this.recent.tick();
        assertThat(this.recent.surelyBefore(deadline)).isFalse();
    }

    @Test
    void questionsKeepItTicking_andWithoutThemItStops() {
        this.recent.surelyBefore(this.clock.read());
        for (int tick = 0; tick < 3 * RecentTime.IDLE_TICKS; tick++) {
            this.recent.surelyBefore(this.clock.read());
            assertThat(this.recent.tick()).isTrue();
        }
        for (int tick = 1; tick < RecentTime.IDLE_TICKS; tick++) {
            assertThat(this.recent.tick()).isTrue();
        }
        assertThat(this.recent.tick()).isFalse();
        assertThat(this.recent.ticking()).isFalse();
    }

    /** A reading from before it stopped is never trusted again: a deadline long past is not "ahead". */
    @Test
    void afterItStops_itStartsAgainWithAFreshReading() {
        long before = this.clock.read();
        this.recent.surelyBefore(before);
        // The question that started it counts for the first tick.
        for (int tick = 0; tick <= RecentTime.IDLE_TICKS; tick++) {
            this.recent.tick();
        }
        assertThat(this.recent.ticking()).isFalse();
        this.clock.advance(Duration.ofMinutes(10));
        long passed = before + Duration.ofMinutes(5).toNanos();
        assertThat(this.recent.surelyBefore(passed)).isFalse();
        assertThat(this.recent.ticking()).isTrue();
        assertThat(this.recent.surelyBefore(passed)).isFalse();
        assertThat(this.recent.surelyBefore(this.clock.read() + GUARD + 1)).isTrue();
    }

    @Test
    void never_isNeverSure_andNeverTicks() {
        assertThat(RecentTime.NEVER.surelyBefore(Long.MAX_VALUE)).isFalse();
        assertThat(RecentTime.NEVER.surelyBefore(Long.MAX_VALUE)).isFalse();
        assertThat(RecentTime.NEVER.ticking()).isFalse();
    }

    @Test
    void system_ticksOnAThreadOfItsOwn() {
        long farAhead = System.nanoTime() + Duration.ofHours(1).toNanos();
        RecentTime.SYSTEM.surelyBefore(farAhead);
        assertThat(RecentTime.SYSTEM.surelyBefore(farAhead)).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).anySatisfy((thread) -> {
            assertThat(thread.getName()).isEqualTo("beryl-recent-time");
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getContextClassLoader()).isSameAs(RecentTime.class.getClassLoader());
        });
        assertThat(RecentTime.SYSTEM.surelyBefore(System.nanoTime())).isFalse();
    }
}

package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;

import static org.assertj.core.api.Assertions.assertThat;

class MethodArgumentsTests {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private static final ParameterNameDiscoverer NO_NAMES = new DefaultParameterNameDiscoverer() {

        @Override
        public String[] getParameterNames(Method method) {
            return null;
        }
    };

    /** A parameter named p1 is that parameter, whatever position p1 names. */
    @Test
    void indexOf_findsNamesFirst_thenPositions_withinTheParameters() throws Exception {
        MethodArguments arguments = MethodArguments.of(Sample.class.getMethod("find", long.class, String.class),
                NAMES);
        assertThat(arguments.indexOf("p1")).isZero();
        assertThat(arguments.indexOf("region")).isEqualTo(1);
        assertThat(arguments.indexOf("a1")).isEqualTo(1);
        assertThat(arguments.indexOf("p2")).isEqualTo(-1);
        assertThat(arguments.indexOf("other")).isEqualTo(-1);
        assertThat(arguments.describe(1)).isEqualTo("'region'");
        assertThat(arguments.describeNames()).isEqualTo("#p1, #region");
    }

    @Test
    void withoutCompiledNames_onlyPositionsResolve() throws Exception {
        MethodArguments arguments = MethodArguments.of(Sample.class.getMethod("find", long.class, String.class),
                NO_NAMES);
        assertThat(arguments.names()).isNull();
        assertThat(arguments.indexOf("p1")).isEqualTo(1);
        assertThat(arguments.indexOf("region")).isEqualTo(-1);
        assertThat(arguments.describe(1)).isEqualTo("#p1");
        assertThat(arguments.describeNames()).isEqualTo("none");
    }

    @Test
    void position_readsOnlyPAndAFollowedByDigits() {
        assertThat(MethodArguments.position("p0")).isZero();
        assertThat(MethodArguments.position("a12")).isEqualTo(12);
        assertThat(MethodArguments.position("p")).isEqualTo(-1);
        assertThat(MethodArguments.position("px")).isEqualTo(-1);
        assertThat(MethodArguments.position("q1")).isEqualTo(-1);
        assertThat(MethodArguments.position("p12345678901")).isEqualTo(-1);
    }

    public static class Sample {

        public String find(long p1, String region) {
            return "";
        }
    }
}

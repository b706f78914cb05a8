package io.jenkins.plugins.relgov.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTest {

    static final double[] VECTOR = {0.03, Double.POSITIVE_INFINITY, Double.NaN};

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            value = {
                "result[0] >= 0.95 => false",
                "result[0] < 0.05 => true",
                "len(result) == 0 || result[0] < 0.05 => true",
                "len(result) == 3 && result[0] < 1 => true",
                "isInf(result[1]) => true",
                "isNaN(result[2]) => true",
                "result[2] < 0.05 => false",
                "result[2] > 0.05 => false",
                "result[2] == result[2] => false",
                "!(result[0] > 0.05) => true",
                "size(result) == 3 and not empty(result) => true",
                "asFloat('0.5') > result[0] => true",
            })
    void argoStyleExpressions(String expression, boolean expected) throws Exception {
        assertThat(Condition.compile(expression).test(VECTOR)).isEqualTo(expected);
    }

    @Test
    void scalarResults() throws Exception {
        assertThat(Condition.compile("result == 200").test(200.0)).isTrue();
        assertThat(Condition.compile("result < 0.05").test(Double.NaN)).isFalse();
        assertThat(Condition.compile("len(result) == 1").test(0.0)).isTrue();
    }

    /**
     * Issue 18.5: expr-lang's {@code /} is Go float division, so a zero denominator gives ±Inf (NaN for 0/0), not
     * an error; JEXL's was an error, which turned a breaching ratio into a measurement Error.
     */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            value = {
                "result[0] / result[1] > 0.05 => true",
                "isInf(result[0] / result[1]) => true",
                "-result[0] / result[1] < 0 => true",
                "isNaN(result[1] / result[1]) => true",
                "result[1] / result[1] < 0.05 => false",
                "result[1] / result[1] >= 0.05 => false",
                "7 / 2 == 3.5 => true",
                "result[0] / 4 == 0.25 => true",
            })
    void divisionIsFloatingPointAsInArgo(String expression, boolean expected) throws Exception {
        assertThat(Condition.compile(expression).test(new double[] {1, 0})).isEqualTo(expected);
    }

    @Test
    void integerRemainderByZeroIsStillAnEvaluationError() {
        // expr-lang's % works on integers only and fails on a zero divisor, as JEXL does
        assertThatThrownBy(() -> Condition.compile("5 % 0 == 0").test(VECTOR))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("5 % 0 == 0");
    }

    @Test
    void indexingAnEmptyResultIsAnEvaluationError() {
        assertThatThrownBy(() -> Condition.compile("result[0] < 0.05").test(new double[0]))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("result[0] < 0.05");
    }

    @Test
    void aConditionMustGiveTrueOrFalse() {
        assertThatThrownBy(() -> Condition.compile("result[0]").test(VECTOR))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("not true or false");
    }

    /** The sandbox: no class access, no method calls, no object creation, no side effects. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "''.class.forName('java.lang.Runtime')",
                "''.class.forName('java.lang.Runtime').getRuntime().exec('touch /tmp/pwned')",
                "result.getClass()",
                "result.class.classLoader",
                "result.class.name",
                "new('java.io.File', '/')",
                "java.lang.System.exit(1)",
                "result = 1",
                "x = 1",
                "for (x : result) { true }",
                "() -> true",
                "[1, 2]",
                "result.length > 0",
                "undefinedVariable > 1",
            })
    void attacksAndUndefinedThingsAreRefused(String expression) {
        assertThatThrownBy(() -> Condition.compile(expression).test(VECTOR.clone()))
                .isInstanceOfAny(IllegalArgumentException.class, ConditionException.class);
    }

    @Test
    void conditionsCannotAlterTheSample() throws Exception {
        Sample s = Sample.vector(0.5);
        assertThatThrownBy(() -> Condition.compile("result[0] = 9").test(s.conditionInput()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(s.display()).isEqualTo("[0.5]");
    }
}

package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** One pass, one deliberate failure, one error and one skipped test: every status a gate must count. */
class FeesTest {
    @Test
    void domesticFeeIsOnePercent() {
        assertEquals(10, Fees.feeCents(1_000, false));
    }

    @Test
    void rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> Fees.feeCents(0, false));
    }

    @Test
    void internationalFeeDeliberatelyWrong() {
        assertEquals(999, Fees.feeCents(1_000, true), "deliberate failure for the report");
    }

    @Test
    void errorsWithAnException() {
        Fees.feeCents(-5, false);
    }

    @Disabled("deliberately skipped for the report")
    @Test
    void skipped() {
        assertEquals("small", Fees.band(1));
    }
}

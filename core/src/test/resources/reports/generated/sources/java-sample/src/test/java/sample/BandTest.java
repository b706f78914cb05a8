package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BandTest {
    @Test
    void small() {
        assertEquals("small", Fees.band(5));
    }

    @Test
    void large() {
        assertEquals("large", Fees.band(1_000_000));
    }
}

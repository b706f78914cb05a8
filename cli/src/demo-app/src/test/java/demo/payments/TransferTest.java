package demo.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransferTest {
    @Test
    void domesticFeeIsOnePercent() {
        assertEquals(50, Transfer.feeCents(5_000, false));
    }

    @Test
    void internationalAddsAFlatFee() {
        assertEquals(300, Transfer.feeCents(5_000, true));
    }

    @Test
    void feeIsCapped() {
        assertEquals(Transfer.MAX_FEE_CENTS, Transfer.feeCents(100_000_000, false));
    }

    @Test
    void nonPositiveAmountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Transfer.feeCents(0, false));
    }

    @Test
    void largeOrFlaggedTransfersNeedReview() {
        assertTrue(Transfer.needsReview(1_000_000, "MA"));
        assertTrue(Transfer.needsReview(10, "XX"));
        assertFalse(Transfer.needsReview(10, "MA"));
    }
}

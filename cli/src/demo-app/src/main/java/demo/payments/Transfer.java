package demo.payments;

/** Transfer fees and limits of the demo payments service. */
public final class Transfer {
    static final long MAX_FEE_CENTS = 10_000;

    private Transfer() {
    }

    public static long feeCents(long amountCents, boolean international) {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        long fee = amountCents / 100 + (international ? 250 : 0);
        return Math.min(fee, MAX_FEE_CENTS);
    }

    public static boolean needsReview(long amountCents, String country) {
        return amountCents >= 1_000_000 || "XX".equals(country);
    }
}

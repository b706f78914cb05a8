package sample;

/** Transfer fees: a little branching so that line and branch coverage differ. */
public final class Fees {
    private Fees() {
    }

    public static long feeCents(long amountCents, boolean international) {
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        long fee = amountCents / 100;
        if (international) {
            fee += 250;
        }
        if (fee > 10_000) {
            fee = 10_000;
        }
        return fee;
    }

    public static String band(long amountCents) {
        if (amountCents < 1_000) {
            return "small";
        } else if (amountCents < 100_000) {
            return "medium";
        }
        return "large";
    }
}

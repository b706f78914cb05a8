package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The hand-written checks Ledger.read uses per line must agree with the general parsers they spare. */
class LedgerFieldChecksTest {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    @Property(tries = 3000)
    void everyTimeAppendWritesTakesTheFastPath(
            @ForAll @LongRange(min = -30_610_224_000_000L, max = 253_402_300_799_999L) long millis) {
        assertThat(Ledger.isAppendedTime(Instant.ofEpochMilli(millis).toString()))
                .isTrue();
    }

    @Property(tries = 5000)
    void theFastPathAcceptsOnlyWhatInstantParseAccepts(@ForAll("nearlyTimes") String t) {
        if (Ledger.isAppendedTime(t)) {
            assertThatCode(() -> Instant.parse(t)).as(t).doesNotThrowAnyException();
        }
    }

    @Test
    void impossibleDatesAndOtherFormsAreLeftToInstantParse() {
        assertThat(Ledger.isAppendedTime("2026-02-29T10:00:00Z")).isFalse();
        assertThat(Ledger.isAppendedTime("2028-02-29T10:00:00.500Z")).isTrue();
        assertThat(Ledger.isAppendedTime("2026-11-22T24:00:00Z")).isFalse();
        assertThat(Ledger.isAppendedTime("2026-12-31T23:59:60Z")).isFalse(); // a leap second: Instant.parse decides
        assertThat(Ledger.isAppendedTime("2026-11-22T10:00:00.5Z")).isFalse();
        assertThat(Ledger.isAppendedTime("2026-11-22T10:00:00+01:00")).isFalse();
        assertThat(Ledger.isAppendedTime("2026-11-22T10:00:0\u0661Z")).isFalse(); // a non-ASCII digit
    }

    @Property(tries = 3000)
    void hexCheckAgreesWithTheRegex(@ForAll("nearlyHex") String s) {
        assertThat(Ledger.isHexSha256(s)).isEqualTo(HEX.matcher(s).matches());
    }

    @Provide
    Arbitrary<String> nearlyTimes() {
        Arbitrary<String> year = Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y));
        Arbitrary<String> two = Arbitraries.integers().between(0, 99).map(v -> String.format("%02d", v));
        Arbitrary<String> sep = Arbitraries.of("-", "-", "-", ":", "T", "x");
        Arbitrary<String> fraction = Arbitraries.of("", ".000", ".250", ".5", ".9999", "", ",123");
        Arbitrary<String> zone = Arbitraries.of("Z", "Z", "Z", "z", "+00:00", "");
        return Combinators.combine(year, sep, two, two, two, two, two, fraction)
                .as((y, s, mo, d, h, mi, se, f) -> y + s + mo + "-" + d + "T" + h + ":" + mi + ":" + se + f)
                .flatMap(t -> zone.map(z -> t + z));
    }

    @Provide
    Arbitrary<String> nearlyHex() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEFg ")
                .ofMinLength(62)
                .ofMaxLength(66);
    }
}

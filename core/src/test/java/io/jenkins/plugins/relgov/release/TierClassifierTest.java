package io.jenkins.plugins.relgov.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.TierKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierClassifierTest {

    private static final Policy INOPSIO = ShippedPolicies.load("inopsio");
    private final TierClassifier classifier = new TierClassifier(INOPSIO);

    @ParameterizedTest
    @CsvSource({
        "v2.0.0,       v1.4.2,       release/2.0,  MAJOR",
        "v1.5.0,       v1.4.2,       release/1.5,  MINOR",
        "v1.4.3,       v1.4.2,       release/1.4,  PATCH",
        "v1.4.3,       v1.4.2,       hotfix/CVE-1, EMERGENCY",
        "v2.0.0,       v1.4.2,       hotfix/big,   EMERGENCY",
        "2.0.0,        2.0.0-rc.1,   main,         MAJOR",
        "1.5.0,        1.5.0-rc.2,   main,         MINOR",
        "1.4.3,        1.4.3-beta,   main,         PATCH",
        "1.4.3-rc.1,   1.4.2,        main,         PATCH",
        "3.1.0,        1.9.9,        main,         MAJOR",
    })
    void classifiesByBumpAndBranch(String version, String previous, String branch, TierKind expected) {
        Release r = classifier.classify(version, previous, branch);
        assertThat(r.tier()).isEqualTo(expected);
        assertThat(r.reason()).isNotBlank();
        assertThat(r.version()).isEqualTo(SemVer.parse(version));
    }

    @Test
    void firstReleaseIsComparedWithZero() {
        assertThat(classifier.classify("1.0.0", null, "release/1.0").tier()).isEqualTo(TierKind.MAJOR);
        assertThat(classifier.classify("0.1.0", "", null).tier()).isEqualTo(TierKind.MINOR);
    }

    @ParameterizedTest
    @CsvSource({"1.4.2, 1.4.2", "1.4.1, 1.4.2", "1.4.2+b2, 1.4.2+b1", "1.4.2-rc.1, 1.4.2", "1.0.0, 2.0.0"})
    void refusesVersionsNotGreaterThanThePrevious(String version, String previous) {
        assertThatThrownBy(() -> classifier.classify(version, previous, "hotfix/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not greater than the previous release");
    }

    @Test
    void refusesATierThePolicyDoesNotDefine() {
        Policy noEmergency = new Policy(
                "p",
                null,
                null,
                INOPSIO.roles(),
                java.util.Map.of(TierKind.PATCH, INOPSIO.tier(TierKind.PATCH).orElseThrow()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> new TierClassifier(noEmergency).classify("2.0.0", "1.0.0", "main"))
                .hasMessageContaining("defines no major tier");
    }

    /** For any two release versions where the new one is higher, the first changed number decides. */
    @Property
    void bumpDecidesForOrdinaryBranches(
            @ForAll @IntRange(max = 9) int x1,
            @ForAll @IntRange(max = 9) int y1,
            @ForAll @IntRange(max = 9) int z1,
            @ForAll @IntRange(max = 9) int x2,
            @ForAll @IntRange(max = 9) int y2,
            @ForAll @IntRange(max = 9) int z2) {
        SemVer prev = SemVer.of(x1, y1, z1);
        SemVer next = SemVer.of(x2, y2, z2);
        if (!next.isGreaterThan(prev)) {
            assertThatThrownBy(() -> classifier.classify(next, prev, "release/x"))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        TierKind expected = x1 != x2 ? TierKind.MAJOR : y1 != y2 ? TierKind.MINOR : TierKind.PATCH;
        assertThat(classifier.classify(next, prev, "release/x").tier()).isEqualTo(expected);
        assertThat(classifier.classify(next, prev, "hotfix/x").tier()).isEqualTo(TierKind.EMERGENCY);
    }
}

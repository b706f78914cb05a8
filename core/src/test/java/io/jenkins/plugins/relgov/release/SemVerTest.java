package io.jenkins.plugins.relgov.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

    /** semver.org §11, the spec's own ordering example, plus §11.2's. */
    @Test
    void ordersTheSpecExamples() {
        List<String> spec = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "2.0.0",
                "2.1.0",
                "2.1.1");
        List<SemVer> shuffled = new ArrayList<>(spec.stream().map(SemVer::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(42));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(spec);
        for (int i = 1; i < spec.size(); i++) {
            assertThat(SemVer.parse(spec.get(i - 1))).isLessThan(SemVer.parse(spec.get(i)));
        }
    }

    /** §9 and §10 examples, and the v prefix. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-0.3.7",
                "1.0.0-x.7.z.92",
                "1.0.0-x-y-z.--",
                "1.0.0-alpha+001",
                "1.0.0+20130313144700",
                "1.0.0-beta+exp.sha.5114f85",
                "1.0.0+21AF26D3----117B344092BD",
                "0.0.4",
                "10.20.30",
                "1.1.2-prerelease+meta",
                "99999999999999999999999.999999999999999999.99999999999999999"
            })
    void parsesAndPrintsTheSpecExamples(String text) {
        assertThat(SemVer.parse(text).toString()).isEqualTo(text);
        assertThat(SemVer.parse("v" + text)).isEqualTo(SemVer.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1",
                "1.2",
                "1.2.3.4",
                "01.1.1",
                "1.01.1",
                "1.1.01",
                "1.0.0-01",
                "1.0.0-",
                "1.0.0+",
                "1.0.0-alpha..1",
                "1.0.0-alpha_beta",
                "+invalid",
                "-invalid",
                "vv1.0.0",
                " ",
                "1.2.3-🙂",
                "1.2.-3"
            })
    void rejectsWhatTheSpecForbids(String text) {
        assertThatThrownBy(() -> SemVer.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a semantic version")
                .hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void buildMetadataDoesNotCountForPrecedence() {
        SemVer a = SemVer.parse("1.0.0+build.1");
        SemVer b = SemVer.parse("1.0.0+build.2");
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.core()).isEqualTo(SemVer.of(1, 0, 0));
    }

    @Test
    void numericIdentifiersCompareNumericallyAndBelowAlphanumeric() {
        assertThat(SemVer.parse("1.0.0-2")).isLessThan(SemVer.parse("1.0.0-10"));
        assertThat(SemVer.parse("1.0.0-999")).isLessThan(SemVer.parse("1.0.0-a"));
        assertThat(SemVer.parse("1.0.0-Z")).isLessThan(SemVer.parse("1.0.0-a")); // ASCII
        assertThat(SemVer.parse("1.9.0")).isLessThan(SemVer.parse("1.10.0"));
    }

    // ----------------------------------------------------------------- properties

    @Provide
    Arbitrary<SemVer> versions() {
        Arbitrary<Long> n = Arbitraries.longs().between(0, 12);
        Arbitrary<String> identifier = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 30).map(String::valueOf),
                Arbitraries.of("alpha", "beta", "rc", "a", "b", "A", "x-y", "-"));
        Arbitrary<List<String>> pre = Arbitraries.oneOf(
                Arbitraries.just(List.of()), identifier.list().ofMinSize(1).ofMaxSize(3));
        Arbitrary<List<String>> build = Arbitraries.oneOf(
                Arbitraries.just(List.of()),
                Arbitraries.of("001", "sha.5114f85", "x").map(s -> List.of(s.split("\\."))));
        return Combinators.combine(n, n, n, pre, build).as((a, b, c, p, m) -> {
            SemVer v = SemVer.of(a, b, c);
            return new SemVer(v.major(), v.minor(), v.patch(), p, m);
        });
    }

    @Property
    void roundTripsThroughText(@ForAll("versions") SemVer v) {
        assertThat(SemVer.parse(v.toString())).isEqualTo(v);
        assertThat(SemVer.parse("v" + v)).isEqualTo(v);
    }

    @Property
    void precedenceIsATotalOrder(
            @ForAll("versions") SemVer a, @ForAll("versions") SemVer b, @ForAll("versions") SemVer c) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
        // equal precedence exactly when everything but build metadata is equal
        assertThat(a.compareTo(b) == 0)
                .isEqualTo(a.core().equals(b.core()) && a.preRelease().equals(b.preRelease()));
    }

    @Property
    void precedenceFollowsTheSpecRules(@ForAll("versions") SemVer a, @ForAll("versions") SemVer b) {
        int cmp = Integer.signum(a.compareTo(b));
        List<Long> ca =
                List.of(a.major().longValue(), a.minor().longValue(), a.patch().longValue());
        List<Long> cb =
                List.of(b.major().longValue(), b.minor().longValue(), b.patch().longValue());
        for (int i = 0; i < 3; i++) {
            if (!ca.get(i).equals(cb.get(i))) { // §11.2: first differing of X, Y, Z decides
                assertThat(cmp).isEqualTo(Long.signum(ca.get(i) - cb.get(i)));
                return;
            }
        }
        if (a.isPreRelease() != b.isPreRelease()) { // §11.3
            assertThat(cmp).isEqualTo(a.isPreRelease() ? -1 : 1);
        }
    }
}

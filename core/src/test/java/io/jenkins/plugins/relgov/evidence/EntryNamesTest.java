package io.jenkins.plugins.relgov.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EntryNamesTest {
    /** The rule as first written; the loop that replaced it (for speed) must accept exactly the same. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+@=,-][A-Za-z0-9._+@=, -]*");

    @Property(tries = 2000)
    void segmentLoopAgreesWithTheRegex(
            @ForAll
                    @StringLength(max = 8)
                    @CharRange(from = 0, to = 0x7f)
                    @Chars({'é', '\u2028', '\ud800', '/', '\\', ' '})
                    String seg) {
        assertThat(EntryNames.isPlainSegment(seg))
                .as("'%s'", seg)
                .isEqualTo(SEGMENT.matcher(seg).matches());
    }

    @Test
    void refusesWhatCouldEscapeOrMislead() {
        assertThat(EntryNames.problem("evidence/junit/TEST-a b.xml")).isNull();
        assertThat(EntryNames.problem("evidence/../x")).contains("zip-slip");
        assertThat(EntryNames.problem("evidence/ x")).contains("unsafe characters");
        assertThat(EntryNames.problem("evidence//x")).contains("empty segment");
        assertThat(EntryNames.problem("evidence/x\u0000")).contains("unsafe characters");
        assertThat(EntryNames.problem("evidence/caf\u00e9")).contains("unsafe characters");
        assertThat(EntryNames.problem("C:x")).contains("absolute");
        assertThat(EntryNames.problem("/etc/passwd")).contains("absolute");
    }
}

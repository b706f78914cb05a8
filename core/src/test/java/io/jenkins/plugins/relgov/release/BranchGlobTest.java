package io.jenkins.plugins.relgov.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BranchGlobTest {

    @ParameterizedTest
    @CsvSource({
        "release/*,   release/1.4,           true",
        "release/*,   release/1.4/fix,       false",
        "release/*,   release/,              true",
        "release/*,   releases/1.4,          false",
        "hotfix/*,    hotfix/CVE-2026-1,     true",
        "hotfix/*,    refs/heads/hotfix/x,   true",
        "hotfix/*,    origin/hotfix/x,       true",
        "hotfix/*,    feature/hotfix/x,      false",
        "**,          any/thing/at/all,      true",
        "release/**,  release/1.4/fix,       true",
        "main,        main,                  true",
        "main,        maintenance,           false",
        "v?.x,        v1.x,                  true",
        "v?.x,        v10.x,                 false",
        "a.b,         aXb,                   false",
        "(x)+,        (x)+,                  true",
    })
    void matchesLikeBranchRulesDo(String pattern, String branch, boolean expected) {
        assertThat(BranchGlob.of(pattern).matches(branch)).isEqualTo(expected);
    }
}

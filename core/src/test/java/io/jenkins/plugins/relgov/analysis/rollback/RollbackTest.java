package io.jenkins.plugins.relgov.analysis.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.analysis.rollback.Deployment.Outcome;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollbackTest {

    static final String COMMAND = ShippedPolicies.load("inopsio").rollback().command();

    @TempDir
    Path dir;

    static Deployment release(String version, Outcome outcome, int day) {
        return new Deployment(
                version,
                "production",
                outcome,
                Instant.parse("2026-11-01T10:00:00Z").plusSeconds(86_400L * day));
    }

    @Test
    void lastStableIsTheNewestSuccessfulReleaseBeforeTheCurrentOne() throws Exception {
        JsonReleaseHistory history = new JsonReleaseHistory(dir.resolve("releases.json"));
        history.record(release("v1.3.0", Outcome.SUCCESSFUL, 1));
        history.record(release("v1.4.0", Outcome.SUCCESSFUL, 2));
        history.record(release("v1.4.1", Outcome.ROLLED_BACK, 3));
        history.record(release("v1.5.0", Outcome.IN_PROGRESS, 4));
        history.record(new Deployment("v1.6.0", "staging", Outcome.SUCCESSFUL, Instant.parse("2026-11-06T10:00:00Z")));

        assertThat(history.lastStable("production", "v1.5.0"))
                .map(Deployment::version)
                .contains("v1.4.0");
        assertThat(history.lastStable("production", "v1.4.0"))
                .map(Deployment::version)
                .contains("v1.3.0");
        assertThat(history.lastStable("production", "v1.3.0")).isEmpty();
        assertThat(history.lastStable("staging", "v1.7.0"))
                .map(Deployment::version)
                .contains("v1.6.0");

        history.record(release("v1.5.0", Outcome.FAILED, 4)); // same version: outcome replaced
        JsonReleaseHistory reread = new JsonReleaseHistory(dir.resolve("releases.json"));
        assertThat(reread.releases("production"))
                .extracting(Deployment::version, Deployment::outcome)
                .first()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple("v1.5.0", Outcome.FAILED));
        assertThat(reread.releases("production")).hasSize(4);
    }

    @Test
    void brokenHistoryNamesTheEntry() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(
                file,
                "{\"releases\":[{\"version\":\"v1.0.0\",\"environment\":\"production\",\"outcome\":\"SUCCESSFUL\"},"
                        + "{\"version\":\"1.0; rm -rf /\",\"environment\":\"production\",\"outcome\":\"SUCCESSFUL\"}]}");
        assertThatThrownBy(() -> new JsonReleaseHistory(file).releases("production"))
                .hasMessageContaining("releases[1]")
                .hasMessageContaining("version must look like v1.2.3");
        Files.writeString(file, "{\"releases\":[{\"version\":\"v1.0.0\",\n\"outcome\":\"GREAT\"}]}");
        assertThatThrownBy(() -> new JsonReleaseHistory(file).releases("production"))
                .hasMessageContaining("line 2");
    }

    @Test
    void rendersThePolicysCommandAsArguments() {
        List<String> argv = RollbackCommand.render(COMMAND, "production", "v1.4.0");
        assertThat(argv).containsExactly("make", "rollback", "ENV=production", "VERSION=v1.4.0");
        assertThat(RollbackCommand.display(argv)).isEqualTo("make rollback ENV=production VERSION=v1.4.0");
        assertThat(RollbackCommand.render(COMMAND, "staging", "2.0.0-rc.1+build.5"))
                .contains("VERSION=2.0.0-rc.1+build.5");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"v1.2.3; rm -rf /", "v1.2.3 && curl evil", "$(id)", "`id`", "v1.2", "v1.2.3\nx", "../v1.2.3", ""
            })
    void shellInjectionThroughTheVersionIsRefused(String version) {
        assertThatThrownBy(() -> RollbackCommand.render(COMMAND, "production", version))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must look like v1.2.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production; reboot", "prod uction", "$HOME", "../etc", "-rf"})
    void shellInjectionThroughTheEnvironmentIsRefused(String env) {
        assertThatThrownBy(() -> RollbackCommand.render(COMMAND, env, "v1.2.3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment must be a plain name");
    }

    @Test
    void unknownPlaceholdersAreRefused() {
        assertThatThrownBy(() -> RollbackCommand.render("deploy ${TOKEN}", "production", "v1.2.3"))
                .hasMessageContaining("${TOKEN}");
    }
}

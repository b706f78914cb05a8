package io.jenkins.plugins.relgov.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials found in Docker's config.json as the docker CLI finds them, and never echoed in an error. */
class DockerConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config(ObjectNode root) throws Exception {
        return Files.write(dir.resolve("config.json"), JSON.writeValueAsBytes(root));
    }

    private static String auth(String userPass) {
        return Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authsEntriesByHostOrUrl() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode auths = root.putObject("auths");
        auths.putObject("registry.example:5000").put("auth", auth("ci:pa:ss"));
        auths.putObject("https://ghcr.io").put("username", "bot").put("password", "tok");
        auths.putObject("https://index.docker.io/v1/").put("auth", auth("hub:pw"));
        DockerConfig c = DockerConfig.read(config(root), List.of());
        assertThat(c.credentialsFor("registry.example:5000")).contains(new RegistryCredentials("ci", "pa:ss"));
        assertThat(c.credentialsFor("ghcr.io")).contains(new RegistryCredentials("bot", "tok"));
        assertThat(c.credentialsFor("index.docker.io")).contains(new RegistryCredentials("hub", "pw"));
        assertThat(c.credentialsFor("other.example")).isEmpty();
    }

    @Test
    void aMissingFileMeansAnonymous() {
        assertThat(DockerConfig.read(dir.resolve("absent.json"), List.of()).credentialsFor("x.example"))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aCredentialHelperIsAskedWithTheServerOnItsInput() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-test");
        Files.writeString(
                helper,
                "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 2\n"
                        + "[ \"$server\" = registry.example ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
                        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"helper-secret\"}' \"$server\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        ObjectNode root = JSON.createObjectNode();
        root.putObject("credHelpers").put("registry.example", "test").put("other.example", "test");
        DockerConfig c = DockerConfig.read(config(root), List.of(bin));
        assertThat(c.credentialsFor("registry.example"))
                .contains(new RegistryCredentials("helper-user", "helper-secret"));
        assertThat(c.credentialsFor("other.example")).isEmpty();
        assertThat(c.credentialsFor("third.example")).isEmpty();
    }

    @Test
    void aMissingHelperIsNamed() throws Exception {
        ObjectNode root = JSON.createObjectNode().put("credsStore", "nowhere");
        assertThatThrownBy(() -> DockerConfig.read(config(root), List.of(dir)).credentialsFor("registry.example"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("docker-credential-nowhere is not on the PATH");
    }

    @Test
    void aMalformedFileIsNamedByLineWithoutItsText() throws Exception {
        Path f = Files.writeString(
                dir.resolve("config.json"), "{\n  \"auths\": {\"r.example\": {\"password\": hunter2-secret}}\n}\n");
        assertThatThrownBy(() -> DockerConfig.read(f, List.of()))
                .isInstanceOf(RegistryException.class)
                .hasMessage(f + ": not valid JSON at line 2, column 47")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void anIdentityTokenIsRefusedByName() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("auths").putObject("r.example").put("identitytoken", "refresh-secret");
        assertThatThrownBy(() -> DockerConfig.read(config(root), List.of()).credentialsFor("r.example"))
                .hasMessageContaining("identity token")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("refresh-secret"));
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(new RegistryCredentials("ci", "top-secret")).hasToString("RegistryCredentials[ci, ****]");
    }
}

package io.jenkins.plugins.relgov.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEvidenceIndexTest {
    @TempDir
    Path dir;

    @Test
    void aKindIsRecordedByANonEmptyRegularFileNamedAfterIt(@TempDir Path outside) throws Exception {
        Files.writeString(dir.resolve("test-summary.json"), "{\"tests\":7}");
        Files.writeString(dir.resolve("security-scan.sarif"), "");
        Files.writeString(outside.resolve("risk.pdf"), "%PDF");
        Files.createSymbolicLink(dir.resolve("risk-assessment.pdf"), outside.resolve("risk.pdf"));
        Files.writeString(dir.resolve("test-summary-old.json"), "{}");
        FileEvidenceIndex index = new FileEvidenceIndex(dir);
        assertThat(index.find("test-summary")).contains("test-summary.json");
        assertThat(index.find("security-scan")).isEmpty(); // empty file
        assertThat(index.find("risk-assessment")).isEmpty(); // symlink
        assertThat(index.find("qa-evidence")).isEmpty();
        assertThat(new FileEvidenceIndex(dir.resolve("missing")).find("test-summary"))
                .isEmpty();
    }

    @Test
    void kindsCannotBePaths() {
        assertThatThrownBy(() -> new FileEvidenceIndex(dir).find("../etc/passwd"))
                .hasMessageContaining("must be lower-case words joined by '-'");
    }
}

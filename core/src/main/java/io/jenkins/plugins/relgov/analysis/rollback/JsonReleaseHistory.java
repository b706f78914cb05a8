package io.jenkins.plugins.relgov.analysis.rollback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A release history kept in one JSON file: {@code {"releases":[{"version":"v1.4.2","environment":"production",
 * "outcome":"SUCCESSFUL","deployedAt":"2026-11-20T10:00:00Z"}]}}. Writes go to a temporary file that replaces
 * the old one, so a crash never leaves half a history.
 */
public final class JsonReleaseHistory implements ReleaseHistory {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    record File(List<Entry> releases) {}

    /** A release as stored; the time is an ISO-8601 instant. */
    record Entry(String version, String environment, Deployment.Outcome outcome, String deployedAt) {
        static Entry of(Deployment r) {
            return new Entry(
                    r.version(),
                    r.environment(),
                    r.outcome(),
                    r.deployedAt() == null ? null : r.deployedAt().toString());
        }

        Deployment release() {
            return new Deployment(version, environment, outcome, deployedAt == null ? null : Instant.parse(deployedAt));
        }
    }

    private final Path path;

    public JsonReleaseHistory(Path path) {
        this.path = path;
    }

    @Override
    public synchronized List<Deployment> releases(String environment) {
        return load().stream()
                .filter(r -> r.environment().equals(environment))
                .sorted(Comparator.comparing(Deployment::deployedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
    }

    /** Records a release, or replaces the outcome of the same version in the same environment. */
    public synchronized void record(Deployment release) throws IOException {
        List<Deployment> all = new ArrayList<>(load());
        all.removeIf(
                r -> r.version().equals(release.version()) && r.environment().equals(release.environment()));
        all.add(release);
        Path folder = path.toAbsolutePath().getParent();
        if (folder == null) {
            throw new IOException(path + " is a root folder, not a release history file");
        }
        Path tmp = Files.createTempFile(folder, ".releases", ".tmp");
        try {
            Files.writeString(
                    tmp,
                    JSON.writeValueAsString(new File(all.stream().map(Entry::of).toList())));
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private List<Deployment> load() {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            File f = JSON.readValue(path.toFile(), File.class);
            List<Deployment> releases = new ArrayList<>();
            List<Entry> entries = f.releases() == null ? List.of() : f.releases();
            for (int i = 0; i < entries.size(); i++) {
                try {
                    releases.add(entries.get(i).release());
                } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
                    throw new IllegalArgumentException(path + ": releases[" + i + "]: " + e.getMessage(), e);
                }
            }
            return releases;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    path + " line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": "
                            + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read release history " + path + ": " + e.getMessage(), e);
        }
    }
}

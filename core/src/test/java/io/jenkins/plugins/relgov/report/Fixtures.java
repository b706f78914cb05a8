package io.jenkins.plugins.relgov.report;

import io.jenkins.plugins.relgov.SharedFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.BiFunction;

/** The shared real-world fixtures (system property relgov.fixtures) and our generated reports (class path). */
final class Fixtures {
    private Fixtures() {}

    /** Skips the calling test where the shared fixtures are absent (see {@link SharedFixtures}). */
    static <T> T parseShared(String relative, BiFunction<InputStream, String, T> parser) {
        try (InputStream in = Files.newInputStream(SharedFixtures.resolve(relative))) {
            return parser.apply(in, relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parseGenerated(String relative, BiFunction<InputStream, String, T> parser) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/reports/generated/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + relative);
            }
            return parser.apply(in, relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parseText(String text, BiFunction<InputStream, String, T> parser) {
        return parser.apply(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "inline.xml");
    }
}

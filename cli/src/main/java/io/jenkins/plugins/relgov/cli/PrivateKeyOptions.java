package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** {@code --key KEY.pem [--password-file F]}: the private key of the commands that sign. */
final class PrivateKeyOptions {
    @Option(
            names = "--key",
            required = true,
            paramLabel = "KEY.pem",
            description = "PEM PKCS#8 private key, ECDSA P-256 or Ed25519 (encrypted keys need --password-file)")
    Path key;

    @Option(names = "--password-file", paramLabel = "F", description = "file whose first line is the key's password")
    Path passwordFile;

    private SigningKey loaded;

    /** {@link #load}, once: the first call loads the key, later ones return it. */
    SigningKey loaded() {
        if (loaded == null) {
            loaded = load();
        }
        return loaded;
    }

    /**
     * The key, its password read and wiped again.
     *
     * @throws IllegalArgumentException or {@link io.jenkins.plugins.relgov.signing.SigningException}, naming the file
     */
    SigningKey load() {
        char[] password = null;
        try {
            if (passwordFile != null) {
                password = InputFiles.read(passwordFile, "password file")
                        .lines()
                        .findFirst()
                        .orElse("")
                        .toCharArray();
            }
            return SigningKey.parse(InputFiles.read(key, "private key"), password, key.toString());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}

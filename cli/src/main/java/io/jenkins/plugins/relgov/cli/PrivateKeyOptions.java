package io.jenkins.plugins.relgov.cli;

import io.jenkins.plugins.relgov.signing.SigningKey;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --key KEY.pem [--password-file F]}: the private key of the commands that sign. A mixin for the annotated
 * {@code image sign}; {@code relgov sign}, declared without annotations, adds the same options with {@link #addTo}.
 */
final class PrivateKeyOptions {
    private static final String KEY = "--key";
    private static final String KEY_LABEL = "KEY.pem";
    private static final String KEY_DESCRIPTION =
            "PEM PKCS#8 private key, ECDSA P-256 or Ed25519 (encrypted keys need --password-file)";
    private static final String PASSWORD_FILE = "--password-file";
    private static final String PASSWORD_FILE_LABEL = "F";
    private static final String PASSWORD_FILE_DESCRIPTION = "file whose first line is the key's password";

    @Option(names = KEY, required = true, paramLabel = KEY_LABEL, description = KEY_DESCRIPTION)
    Path key;

    @Option(names = PASSWORD_FILE, paramLabel = PASSWORD_FILE_LABEL, description = PASSWORD_FILE_DESCRIPTION)
    Path passwordFile;

    private SigningKey loaded;

    /** The options of this mixin, added to a command declared through picocli's programmatic API. */
    static void addTo(CommandSpec command) {
        command.addOption(OptionSpec.builder(KEY)
                .required(true)
                .paramLabel(KEY_LABEL)
                .type(Path.class)
                .description(KEY_DESCRIPTION)
                .build());
        command.addOption(OptionSpec.builder(PASSWORD_FILE)
                .paramLabel(PASSWORD_FILE_LABEL)
                .type(Path.class)
                .description(PASSWORD_FILE_DESCRIPTION)
                .build());
    }

    /** The options {@link #addTo} added, as the command line gave them. */
    static PrivateKeyOptions of(CommandSpec command) {
        PrivateKeyOptions options = new PrivateKeyOptions();
        options.key = command.findOption(KEY).getValue();
        options.passwordFile = command.findOption(PASSWORD_FILE).getValue();
        return options;
    }

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

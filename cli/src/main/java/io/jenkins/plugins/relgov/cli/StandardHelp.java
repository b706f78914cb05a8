package io.jenkins.plugins.relgov.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code -h, --help} and {@code -V, --version}, exactly as picocli's {@code mixinStandardHelpOptions} adds them, for the
 * commands declared through picocli's programmatic API: picocli's own mixin is an annotated class, and reading it would
 * bring back the reflection those commands do without.
 */
final class StandardHelp {
    /** The mixin's name in picocli, so that {@link CommandSpec#mixinStandardHelpOptions()} is true. */
    private static final String MIXIN = "mixinStandardHelpOptions";

    private StandardHelp() {}

    /**
     * Adds the two options to {@code command}, after its own: picocli adds its mixin last, and the completion script
     * lists options in the order they were added.
     */
    static CommandSpec addTo(CommandSpec command) {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .type(boolean.class)
                .descriptionKey(MIXIN + ".help")
                .description("Show this help message and exit.")
                .build());
        mixin.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .type(boolean.class)
                .descriptionKey(MIXIN + ".version")
                .description("Print version information and exit.")
                .build());
        return command.addMixin(MIXIN, mixin);
    }
}

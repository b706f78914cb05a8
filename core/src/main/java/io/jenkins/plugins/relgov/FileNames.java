package io.jenkins.plugins.relgov;

import java.nio.file.Path;

/** How a file is named in messages and entries: its last name, or the whole path when it has none ("/"). */
public final class FileNames {

    private FileNames() {}

    public static String of(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}

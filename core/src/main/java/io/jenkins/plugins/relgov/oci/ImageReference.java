package io.jenkins.plugins.relgov.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code REGISTRY/REPOSITORY[:TAG][@sha256:HEX]}, read the way docker and cosign
 * (go-containerregistry's {@code name} package) read it, so that the repository we write into a signature payload
 * is the one {@code cosign} writes: the first path component is the registry when it has a dot or a port or is
 * {@code localhost}; otherwise the image is on Docker Hub ({@code index.docker.io}, single names under
 * {@code library/}).
 *
 * @param registry   host[:port], as reached over HTTP(S)
 * @param repository the path inside the registry, lowercase ({@code team/app})
 * @param tag        the tag, or null
 * @param digest     {@code sha256:<64 hex>}, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    public static final String DOCKER_HUB = "index.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](?::[0-9]{1,5})?");

    public ImageReference {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new IllegalArgumentException("'" + registry + "' is not a registry host[:port]");
        }
        if (repository == null || repository.length() > 255) {
            throw new IllegalArgumentException("a repository name is 1 to 255 characters");
        }
        for (String c : repository.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException(
                        "repository '" + repository + "' is not a valid name (lowercase letters,"
                                + " digits and single . _ - between them, path components separated by /)");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "' is not valid (letters, digits, _ . -; at most 128)");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException(
                    "digest '" + digest + "' is not sha256: followed by 64 lowercase hex digits");
        }
    }

    /**
     * Reads {@code text}; a reference with neither tag nor digest means tag {@code latest}, as docker reads it.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no image reference given (REGISTRY/REPOSITORY@sha256:DIGEST or :TAG)");
        }
        String rest = text.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException(
                        "'" + text + "': the digest must be sha256: followed by 64 lowercase hex digits");
            }
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")) {
                registry = head.equals("docker.io") ? DOCKER_HUB : head;
                repository = rest.substring(first + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        try {
            return new ImageReference(registry.toLowerCase(Locale.ROOT), repository, tag, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    /** {@code registry/repository}: what cosign writes as the payload's {@code critical.identity.docker-reference}. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    /** The same repository at {@code digest}, without tag: what gets signed. */
    public ImageReference atDigest(String digest) {
        return new ImageReference(registry, repository, null, digest);
    }

    /** The tag a digest's attachments live under, as cosign names it: {@code sha256-<hex>.<suffix>}. */
    public static String attachmentTag(String digest, String suffix) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.replace(':', '-') + "." + suffix;
    }

    /** The reference as written: {@code registry/repository[:tag][@digest]}. */
    @Override
    public String toString() {
        return repositoryName() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}

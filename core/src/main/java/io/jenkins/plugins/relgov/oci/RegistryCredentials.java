package io.jenkins.plugins.relgov.oci;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or token) for a registry: a Jenkins Username/Password credential, or an entry of
 * Docker's {@code config.json}. {@link #toString()} never shows the secret, so it is safe in any message.
 */
public record RegistryCredentials(String username, String password) implements Serializable {
    public RegistryCredentials {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0 || password == null) {
            throw new IllegalArgumentException("registry credentials need a user name without ':' and a password");
        }
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basic() {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + username + ", ****]";
    }
}

package io.jenkins.plugins.relgov.plugin;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import io.jenkins.plugins.relgov.oci.RegistryCredentials;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Secrets come only from Jenkins Credentials, looked up as the run (so a build sees only what its
 * job may use) and tracked, never from step arguments; messages name the credentials id, never content.
 */
final class Secrets {

    /** A PEM private key is small; anything bigger is not one. */
    private static final int MAX_PEM = 64 * 1024;

    private Secrets() {}

    private static StandardCredentials find(Run<?, ?> run, String id, String purpose) throws AbortException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException("No credentials '" + id + "' (" + purpose + ") are available to this build.");
        }
        CredentialsProvider.track(run, c);
        return c;
    }

    /** The PEM text of a private key held as a secret file or secret text. */
    static char[] pem(Run<?, ?> run, String id) throws IOException {
        StandardCredentials c = find(run, id, "signing key");
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                byte[] b = in.readNBytes(MAX_PEM + 1);
                if (b.length > MAX_PEM) {
                    throw new AbortException("Credentials '" + id + "' hold a file larger than a PEM key.");
                }
                return new String(b, StandardCharsets.US_ASCII).toCharArray();
            }
        }
        if (c instanceof StringCredentials s) {
            return s.getSecret().getPlainText().toCharArray();
        }
        throw new AbortException("Credentials '" + id + "' must be a secret file or secret text holding a PEM "
                + "private key, not " + c.getClass().getSimpleName() + ".");
    }

    /** The password of an encrypted key, held as secret text; null when no id is given. */
    static char[] password(Run<?, ?> run, String id) throws AbortException {
        if (id == null) {
            return null;
        }
        StandardCredentials c = find(run, id, "signing key password");
        if (c instanceof StringCredentials s) {
            return s.getSecret().getPlainText().toCharArray();
        }
        throw new AbortException("Credentials '" + id + "' (signing key password) must be secret text.");
    }

    /** The signing key itself, parsed on the controller (to seal and attest; files are signed on the agent). */
    static SigningKey signingKey(Run<?, ?> run, String keyId, String passwordId) throws IOException {
        char[] pem = pem(run, keyId);
        char[] password = password(run, passwordId);
        try {
            return SigningKey.parse(new String(pem), password, "credentials " + keyId);
        } catch (RuntimeException e) {
            // core's messages name the source and the problem, never key material
            throw new AbortException("Credentials '" + keyId + "' do not hold a usable signing key: " + e.getMessage());
        }
    }

    /** A container registry's user name and password (or access token), held as a Username/Password credential. */
    static RegistryCredentials registry(Run<?, ?> run, String id) throws AbortException {
        StandardCredentials c = find(run, id, "container registry");
        if (c instanceof StandardUsernamePasswordCredentials u) {
            try {
                return new RegistryCredentials(u.getUsername(), u.getPassword().getPlainText());
            } catch (IllegalArgumentException e) {
                throw new AbortException("Credentials '" + id + "' (container registry): " + e.getMessage() + ".");
            }
        }
        throw new AbortException("Credentials '" + id + "' (container registry) must be a username with password "
                + "(the password may be an access token), not " + c.getClass().getSimpleName() + ".");
    }

    /** Prometheus authentication: secret text is a bearer token, username/password is basic auth. */
    static PrometheusAuth prometheus(Run<?, ?> run, String id) throws AbortException {
        if (id == null) {
            return PrometheusAuth.NONE;
        }
        StandardCredentials c = find(run, id, "Prometheus");
        if (c instanceof StringCredentials s) {
            return PrometheusAuth.bearer(s.getSecret().getPlainText());
        }
        if (c instanceof StandardUsernamePasswordCredentials u) {
            return PrometheusAuth.basic(u.getUsername(), u.getPassword().getPlainText());
        }
        throw new AbortException("Credentials '" + id + "' (Prometheus) must be secret text (bearer token) "
                + "or username with password (basic auth).");
    }
}

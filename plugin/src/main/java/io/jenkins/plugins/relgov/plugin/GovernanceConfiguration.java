package io.jenkins.plugins.relgov.plugin;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.BulkChange;
import hudson.Extension;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Role;
import io.jenkins.plugins.relgov.signing.SigningException;
import io.jenkins.plugins.relgov.signing.TimestampAuthority;
import io.jenkins.plugins.relgov.signing.TimestampToken;
import io.jenkins.plugins.relgov.signing.Timestamper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import jenkins.model.GlobalConfiguration;
import jenkins.model.GlobalConfigurationCategory;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What administrators decide once for every pipeline: the named policies, who fills each policy role,
 * and the defaults the steps use. Shown on the Security page; Configuration as Code under
 * {@code security: releaseGovernance:}.
 */
@Extension
@Symbol("releaseGovernance")
public class GovernanceConfiguration extends GlobalConfiguration {

    private List<NamedPolicy> policies = new ArrayList<>();
    private List<RoleMapping> roleMappings = new ArrayList<>();
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private String signingCredentialsId;
    private String notificationWebhookUrl;
    private String timestampAuthorityUrl;
    private String timestampAuthorityCertificates;
    private int timestampAuthorityTimeout = DEFAULT_TSA_TIMEOUT;

    static final int DEFAULT_TSA_TIMEOUT = 30;
    static final int MAX_TSA_TIMEOUT = 600;
    /** How messages name the configured certificates. */
    private static final String TSA_CERTIFICATES = "the time-stamping authority certificate";
    /** The Test button's nonces: one generator for the instance, not a new one per click. */
    private static final SecureRandom NONCES = new SecureRandom();

    public GovernanceConfiguration() {
        load();
    }

    public static GovernanceConfiguration get() {
        return GlobalConfiguration.all().getInstance(GovernanceConfiguration.class);
    }

    @Override
    public GlobalConfigurationCategory getCategory() {
        return GlobalConfigurationCategory.get(GlobalConfigurationCategory.Security.class);
    }

    @Override
    public String getDisplayName() {
        return "Release Governance";
    }

    /**
     * The policy a pipeline asked for, with this instance's role members merged in. Policies defined
     * here take precedence over shipped ones of the same name.
     *
     * @throws AbortException naming the policy and every validation problem, or the known names
     */
    public Policy resolvePolicy(String name) throws AbortException {
        return resolve(name).policy();
    }

    /** {@link #resolvePolicy} plus the digest and origin that evidence records. */
    public ResolvedPolicy resolve(String name) throws AbortException {
        String n = Util.fixEmptyAndTrim(name);
        if (n == null) {
            throw new AbortException("No release governance policy named. Known policies: " + getPolicyNames());
        }
        ResolvedPolicy found = null;
        for (NamedPolicy p : policies) {
            if (n.equals(p.getName())) {
                found = PolicyTexts.load(n, p.getYaml(), "global configuration");
            }
        }
        if (found == null && PolicyTexts.shippedNames().contains(n)) {
            found = PolicyTexts.shipped(n);
        }
        if (found == null) {
            throw new AbortException(
                    "Unknown release governance policy '" + n + "'. Known policies: " + getPolicyNames());
        }
        return new ResolvedPolicy(
                found.name(), withRoleMembers(found.policy()), found.digest(), found.origin(), found.text());
    }

    /** Shipped and configured policy names, sorted. */
    public List<String> getPolicyNames() {
        var names = new TreeSet<>(PolicyTexts.shippedNames());
        policies.stream().map(NamedPolicy::getName).filter(Objects::nonNull).forEach(names::add);
        return List.copyOf(names);
    }

    private Policy withRoleMembers(Policy p) {
        if (roleMappings.isEmpty()) {
            return p;
        }
        Map<String, Role> roles = new LinkedHashMap<>(p.roles());
        for (RoleMapping m : roleMappings) {
            roles.computeIfPresent(m.getRole(), (k, r) -> r.withMembers(m.userList(), m.groupList()));
        }
        return p.withRoles(roles);
    }

    /** Refuses to save a form holding a policy the core validator rejects, naming every problem. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        var before = new Object[] {
            policies,
            roleMappings,
            prometheusUrl,
            prometheusCredentialsId,
            signingCredentialsId,
            notificationWebhookUrl,
            timestampAuthorityUrl,
            timestampAuthorityCertificates,
            timestampAuthorityTimeout
        };
        try (BulkChange bc = new BulkChange(this)) {
            // repeatable lists absent from the form mean "none left": clear before binding
            policies = new ArrayList<>();
            roleMappings = new ArrayList<>();
            try {
                req.bindJSON(this, json); // setPolicies validates
            } catch (RuntimeException e) {
                restore(before);
                throw new FormException(rootMessage(e), fieldOf(e));
            }
            bc.commit();
        } catch (IOException e) {
            restore(before);
            throw new FormException(e, "policies");
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void restore(Object[] before) {
        policies = (List<NamedPolicy>) before[0];
        roleMappings = (List<RoleMapping>) before[1];
        prometheusUrl = (String) before[2];
        prometheusCredentialsId = (String) before[3];
        signingCredentialsId = (String) before[4];
        notificationWebhookUrl = (String) before[5];
        timestampAuthorityUrl = (String) before[6];
        timestampAuthorityCertificates = (String) before[7];
        timestampAuthorityTimeout = (Integer) before[8];
    }

    /** The form field a refused setting belongs to (the policies unless a setting says otherwise). */
    private static String fieldOf(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InvalidSetting i) {
                return i.field;
            }
        }
        return "policies";
    }

    /** A setting refused by its setter, naming its field for the form. */
    static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidSetting(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Names, duplicates and the core validator's messages for a list of policies. */
    static List<String> problems(List<NamedPolicy> policies) {
        List<String> problems = new ArrayList<>();
        var seen = new TreeSet<String>();
        for (NamedPolicy p : policies) {
            if (PolicyTexts.isValidName(p.getName()) && !seen.add(p.getName())) {
                problems.add("policy '" + p.getName() + "' is defined twice");
            } else {
                problems.addAll(p.problems());
            }
        }
        return problems;
    }

    public List<NamedPolicy> getPolicies() {
        return List.copyOf(policies);
    }

    /**
     * Sets the policies after validating every one of them (so neither the form nor Configuration as Code
     * can install a policy the core validator rejects).
     *
     * @throws IllegalArgumentException listing every problem, with file, line and field
     */
    @DataBoundSetter
    public void setPolicies(List<NamedPolicy> policies) {
        List<NamedPolicy> list = new ArrayList<>(policies == null ? List.of() : policies);
        List<String> problems = problems(list);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "Release governance policies are invalid:\n" + String.join("\n", problems));
        }
        this.policies = list;
        save();
    }

    public List<RoleMapping> getRoleMappings() {
        return List.copyOf(roleMappings);
    }

    @DataBoundSetter
    public void setRoleMappings(List<RoleMapping> roleMappings) {
        this.roleMappings = new ArrayList<>(roleMappings == null ? List.of() : roleMappings);
        save();
    }

    /** Default Prometheus base URL for {@code autoRollback}. */
    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
        save();
    }

    /** Credentials (secret text: bearer token, or username/password: basic auth) for Prometheus. */
    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = Util.fixEmptyAndTrim(prometheusCredentialsId);
        save();
    }

    /** Default credentials (secret file or secret text holding a PEM private key) for {@code signArtifact}. */
    public String getSigningCredentialsId() {
        return signingCredentialsId;
    }

    @DataBoundSetter
    public void setSigningCredentialsId(String signingCredentialsId) {
        this.signingCredentialsId = Util.fixEmptyAndTrim(signingCredentialsId);
        save();
    }

    /** A URL that receives a JSON POST when an approval request opens (ChatOps). */
    public String getNotificationWebhookUrl() {
        return notificationWebhookUrl;
    }

    @DataBoundSetter
    public void setNotificationWebhookUrl(String notificationWebhookUrl) {
        this.notificationWebhookUrl = Util.fixEmptyAndTrim(notificationWebhookUrl);
        save();
    }

    /** The RFC 3161 time-stamping authority every seal asks to time-stamp its signature; none when null. */
    public String getTimestampAuthorityUrl() {
        return timestampAuthorityUrl;
    }

    /** @throws IllegalArgumentException when it is not an http(s) URL, or carries credentials */
    @DataBoundSetter
    public void setTimestampAuthorityUrl(String timestampAuthorityUrl) {
        String v = Util.fixEmptyAndTrim(timestampAuthorityUrl);
        FormValidation problem = checkTsaUrl(v);
        if (problem.kind == FormValidation.Kind.ERROR) {
            throw new InvalidSetting("timestampAuthorityUrl", "Time-stamping authority URL: " + problem.getMessage());
        }
        this.timestampAuthorityUrl = v;
        save();
    }

    /**
     * The authority's certificate, or the CA certificate(s) it chains to, as PEM text: public, not a credential.
     * Tokens that do not verify against it fail the seal.
     */
    public String getTimestampAuthorityCertificates() {
        return timestampAuthorityCertificates;
    }

    /** @throws IllegalArgumentException when the text holds no readable PEM certificate */
    @DataBoundSetter
    public void setTimestampAuthorityCertificates(String timestampAuthorityCertificates) {
        String v = Util.fixEmptyAndTrim(timestampAuthorityCertificates);
        if (v != null) {
            try {
                TimestampToken.certificates(v.getBytes(StandardCharsets.US_ASCII), TSA_CERTIFICATES);
            } catch (SigningException e) {
                throw new InvalidSetting("timestampAuthorityCertificates", e.getMessage());
            }
        }
        this.timestampAuthorityCertificates = v;
        save();
    }

    /** Seconds to wait for the authority (connecting, and its whole answer); default 30. */
    public int getTimestampAuthorityTimeout() {
        return timestampAuthorityTimeout;
    }

    @DataBoundSetter
    public void setTimestampAuthorityTimeout(int timestampAuthorityTimeout) {
        if (timestampAuthorityTimeout < 1 || timestampAuthorityTimeout > MAX_TSA_TIMEOUT) {
            throw new InvalidSetting(
                    "timestampAuthorityTimeout",
                    "Time-stamping authority timeout: " + timestampAuthorityTimeout + " s is not between 1 and "
                            + MAX_TSA_TIMEOUT + " seconds");
        }
        this.timestampAuthorityTimeout = timestampAuthorityTimeout;
        save();
    }

    /**
     * The configured time-stamping authority, or null when none is configured (seals are then not time-stamped).
     *
     * @throws IllegalArgumentException when a URL is configured but no usable certificate: a seal must not
     *                                  silently go without the timestamp the administrator asked for
     */
    public @CheckForNull Timestamper timestampAuthority() {
        return timestampAuthorityUrl == null
                ? null
                : authority(timestampAuthorityUrl, timestampAuthorityCertificates, timestampAuthorityTimeout);
    }

    private static TimestampAuthority authority(String url, String certificates, int timeoutSeconds) {
        List<X509Certificate> trusted = certificates == null
                ? List.of()
                : TimestampToken.certificates(certificates.getBytes(StandardCharsets.US_ASCII), TSA_CERTIFICATES);
        try {
            return new TimestampAuthority(new URI(url), trusted, Duration.ofSeconds(timeoutSeconds));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("time-stamping authority URL: " + e.getMessage());
        }
    }

    static FormValidation checkTsaUrl(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v != null && v.matches("(?i)https?://[^/?#]*@.*")) {
            return FormValidation.error("A time-stamping authority URL carries no credentials (user:password@).");
        }
        return checkHttpUrl(v);
    }

    @POST
    public FormValidation doCheckTimestampAuthorityUrl(
            @QueryParameter String value,
            @QueryParameter String timestampAuthorityCertificates,
            @QueryParameter String timestampAuthorityTimeout) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String url = Util.fixEmptyAndTrim(value);
        FormValidation shape = checkTsaUrl(url);
        if (url == null || shape.kind == FormValidation.Kind.ERROR) {
            return shape;
        }
        if (Util.fixEmptyAndTrim(timestampAuthorityCertificates) == null) {
            return FormValidation.error("Paste the authority's certificate (or its CA's) below: without it no token "
                    + "can be checked, and sealing fails.");
        }
        try {
            authority(
                    url,
                    Util.fixEmptyAndTrim(timestampAuthorityCertificates),
                    timeoutOrDefault(timestampAuthorityTimeout));
            return FormValidation.ok();
        } catch (IllegalArgumentException | SigningException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckTimestampAuthorityCertificates(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        List<X509Certificate> certs;
        try {
            certs = TimestampToken.certificates(v.getBytes(StandardCharsets.US_ASCII), TSA_CERTIFICATES);
        } catch (SigningException e) {
            return FormValidation.error(e.getMessage());
        }
        List<String> expired = new ArrayList<>();
        List<String> named = new ArrayList<>();
        Instant now = Instant.now();
        for (X509Certificate c : certs) {
            String who = c.getSubjectX500Principal().getName();
            named.add(who + " (until " + c.getNotAfter().toInstant() + ")");
            if (now.isAfter(c.getNotAfter().toInstant())
                    || now.isBefore(c.getNotBefore().toInstant())) {
                expired.add(who);
            }
        }
        if (!expired.isEmpty()) {
            return FormValidation.warning("Not valid now: " + String.join("; ", expired)
                    + ". Tokens the authority signs now may not verify.");
        }
        return FormValidation.ok(certs.size() + " certificate(s): " + String.join("; ", named));
    }

    @POST
    public FormValidation doCheckTimestampAuthorityTimeout(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return tsaSeconds(value) != null
                ? FormValidation.ok()
                : FormValidation.error("Give a number of seconds from 1 to " + MAX_TSA_TIMEOUT + ".");
    }

    /**
     * Asks the authority (as the form stands, before saving) for a token over random bytes and checks it as a
     * seal would: the answer must match the request and verify against the certificate.
     */
    @POST
    public FormValidation doTestTimestampAuthority(
            @QueryParameter String timestampAuthorityUrl,
            @QueryParameter String timestampAuthorityCertificates,
            @QueryParameter String timestampAuthorityTimeout) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String url = Util.fixEmptyAndTrim(timestampAuthorityUrl);
        FormValidation shape = checkTsaUrl(url);
        if (url == null || shape.kind == FormValidation.Kind.ERROR) {
            return url == null ? FormValidation.error("No time-stamping authority URL.") : shape;
        }
        byte[] probe = new byte[32];
        NONCES.nextBytes(probe);
        try {
            TimestampAuthority tsa = authority(
                    url,
                    Util.fixEmptyAndTrim(timestampAuthorityCertificates),
                    timeoutOrDefault(timestampAuthorityTimeout));
            TimestampToken token = TimestampToken.parse(tsa.timestamp(probe), url);
            return FormValidation.ok("The authority answered with a token that verifies: time " + token.time()
                    + ", serial " + token.serialNumber() + ", signed by " + token.authority() + ".");
        } catch (IOException | IllegalArgumentException | SigningException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    private static int timeoutOrDefault(String value) {
        return Objects.requireNonNullElse(tsaSeconds(value), DEFAULT_TSA_TIMEOUT);
    }

    /** A timeout as the form gives it, or null when it is not a whole number of seconds from 1 to the maximum. */
    private static Integer tsaSeconds(String value) {
        try {
            int t = Integer.parseInt(Util.fixNull(value).trim());
            return t >= 1 && t <= MAX_TSA_TIMEOUT ? t : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @POST
    public FormValidation doCheckPrometheusUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return checkHttpUrl(value);
    }

    @POST
    public FormValidation doCheckNotificationWebhookUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return checkHttpUrl(value);
    }

    @POST
    public ListBoxModel doFillPrometheusCredentialsIdItems(@QueryParameter String prometheusCredentialsId) {
        return credentialItems(prometheusCredentialsId);
    }

    @POST
    public ListBoxModel doFillSigningCredentialsIdItems(@QueryParameter String signingCredentialsId) {
        return credentialItems(signingCredentialsId);
    }

    private static ListBoxModel credentialItems(String current) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            // never list credential ids to someone who cannot configure this page
            return new StandardListBoxModel().includeCurrentValue(Util.fixNull(current));
        }
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeAs(
                        ACL.SYSTEM2,
                        Jenkins.get(),
                        StandardCredentials.class) // what builds can use, not the admin's own
                .includeCurrentValue(Util.fixNull(current));
    }

    static FormValidation checkHttpUrl(String value) {
        String v = Util.fixEmptyAndTrim(value);
        if (v == null) {
            return FormValidation.ok();
        }
        try {
            URI u = new URI(v);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                return FormValidation.error("Use an http:// or https:// URL.");
            }
            if (u.getUserInfo() != null) {
                return FormValidation.error("Do not put credentials in the URL; select a credentials id instead.");
            }
            return FormValidation.ok();
        } catch (URISyntaxException e) {
            return FormValidation.error("Not a URL: " + e.getReason());
        }
    }
}

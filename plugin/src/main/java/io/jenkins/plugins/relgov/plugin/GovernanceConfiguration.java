package io.jenkins.plugins.relgov.plugin;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.BulkChange;
import hudson.Extension;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
            throw new AbortException("Unknown release governance policy '" + n + "'. Known policies: " + getPolicyNames());
        }
        return new ResolvedPolicy(found.name(), withRoleMembers(found.policy()), found.digest(), found.origin(),
                found.text());
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
        var before = new Object[] {policies, roleMappings, prometheusUrl, prometheusCredentialsId,
                signingCredentialsId, notificationWebhookUrl};
        try (BulkChange bc = new BulkChange(this)) {
            // repeatable lists absent from the form mean "none left": clear before binding
            policies = new ArrayList<>();
            roleMappings = new ArrayList<>();
            try {
                req.bindJSON(this, json); // setPolicies validates
            } catch (RuntimeException e) {
                restore(before);
                throw new FormException(rootMessage(e), "policies");
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
                .includeAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class) // what builds can use, not the admin's own
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

package io.jenkins.plugins.relgov.plugin;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.Arrays;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Adds Jenkins users and groups to a policy role, so that a policy written once (with, say, no members
 * for {@code ciso}) can be staffed per Jenkins instance. Members are added to those the policy names.
 */
public final class RoleMapping implements Describable<RoleMapping> {

    private final String role;
    private String users = "";
    private String groups = "";

    @DataBoundConstructor
    public RoleMapping(String role) {
        this.role = Util.fixEmptyAndTrim(role);
    }

    public String getRole() {
        return role;
    }

    /** User ids separated by commas or white space. */
    public String getUsers() {
        return users;
    }

    @DataBoundSetter
    public void setUsers(String users) {
        this.users = users == null ? "" : users.trim();
    }

    /** Group names (as the security realm reports them) separated by commas or white space. */
    public String getGroups() {
        return groups;
    }

    @DataBoundSetter
    public void setGroups(String groups) {
        this.groups = groups == null ? "" : groups.trim();
    }

    public List<String> userList() {
        return split(users);
    }

    public List<String> groupList() {
        return split(groups);
    }

    static List<String> split(String s) {
        return s == null || s.isBlank()
                ? List.of()
                : Arrays.stream(s.split("[,\\s]+"))
                        .filter(x -> !x.isEmpty())
                        .distinct()
                        .toList();
    }

    @Extension
    @Symbol("roleMapping")
    public static final class DescriptorImpl extends Descriptor<RoleMapping> {
        @Override
        public String getDisplayName() {
            return "Role members";
        }

        @POST
        public FormValidation doCheckRole(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error("Name the policy role, e.g. ciso.")
                    : FormValidation.ok();
        }
    }
}

package io.jenkins.plugins.relgov.plugin.approval;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.SecurityRealm;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.MembershipMatcher;
import java.util.LinkedHashSet;
import java.util.Set;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Translates the caller's Jenkins identity into the engine's terms. Never trusts anything the request says. */
final class JenkinsIdentity {
    private JenkinsIdentity() {}

    /** The calling user, or null for anonymous callers (who can never decide). */
    static Identity current() {
        Authentication auth = Jenkins.getAuthentication2();
        if (ACL.isAnonymous2(auth)) {
            return null;
        }
        User user = User.current();
        String id = user != null ? user.getId() : auth.getName();
        Set<String> groups = new LinkedHashSet<>();
        for (GrantedAuthority authority : auth.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && !name.equals(SecurityRealm.AUTHENTICATED_AUTHORITY2.getAuthority())) {
                groups.add(name);
            }
        }
        return new Identity(id, groups, Jenkins.get().hasPermission(Jenkins.ADMINISTER));
    }

    /** Compares ids the way the configured security realm does (case-insensitive by default). */
    static MembershipMatcher matcher() {
        SecurityRealm realm = Jenkins.get().getSecurityRealm();
        return new MembershipMatcher(caseOf(realm.getUserIdStrategy()), caseOf(realm.getGroupIdStrategy()));
    }

    private static MembershipMatcher.Case caseOf(IdStrategy strategy) {
        return strategy.equals("A", "a") ? MembershipMatcher.Case.INSENSITIVE : MembershipMatcher.Case.SENSITIVE;
    }
}

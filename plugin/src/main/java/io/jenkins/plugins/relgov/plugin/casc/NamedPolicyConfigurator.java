package io.jenkins.plugins.relgov.plugin.casc;

import hudson.Extension;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorException;
import io.jenkins.plugins.casc.impl.configurators.DataBoundConfigurator;
import io.jenkins.plugins.casc.model.Mapping;
import io.jenkins.plugins.relgov.plugin.NamedPolicy;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Configuration as Code for a named policy, checked by the core validator as it is read. Configuration as
 * Code builds policies through this in both {@code /check} and {@code /apply}, so an invalid policy is refused
 * by both, with the validator's {@code file:line:column: field: message} lines, before anything is applied;
 * without it, check accepted the policy and apply failed later, naming nothing. Only loaded when the
 * configuration-as-code plugin is installed.
 */
@Extension(optional = true)
@Restricted(NoExternalUse.class)
public final class NamedPolicyConfigurator extends DataBoundConfigurator<NamedPolicy> {

    public NamedPolicyConfigurator() {
        super(NamedPolicy.class);
    }

    @Override
    protected NamedPolicy instance(Mapping config, ConfigurationContext context) throws ConfiguratorException {
        NamedPolicy policy = super.instance(config, context);
        List<String> problems = policy.problems();
        if (!problems.isEmpty()) {
            throw new ConfiguratorException(
                    this,
                    "Release governance policy '" + policy.getName() + "' is invalid:\n" + String.join("\n", problems));
        }
        return policy;
    }
}

package io.jenkins.plugins.relgov.plugin;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code autoRollback { rollback commands }}: watches the policy's post-deploy metrics in Prometheus for
 * the monitoring window, in the background and without an executor; when the analysis fails (or cannot
 * be made: fail safe), records why and runs its body, the rollback, then marks the build FAILURE.
 */
public class AutoRollbackStep extends GovernanceStep {

    static final String NAME = "autoRollback";

    private String prometheusUrl;
    private String credentialsId;
    private String window;
    private String interval;
    private String initialDelay;
    private Integer failureLimit;
    private Integer consecutiveErrorLimit;
    private List<HealthCheck> healthChecks = List.of();

    @DataBoundConstructor
    public AutoRollbackStep() {}

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    /** Prometheus base URL; defaults to the global configuration's. */
    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = Util.fixEmptyAndTrim(prometheusUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Secret text (bearer token) or username/password (basic auth) for Prometheus. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getWindow() {
        return window;
    }

    /** How long to watch (default: the policy's monitoring window, 48h for inopsio). */
    @DataBoundSetter
    public void setWindow(String window) {
        this.window = Util.fixEmptyAndTrim(window);
    }

    public String getInterval() {
        return interval;
    }

    /** Time between measurements (default 1m). */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Util.fixEmptyAndTrim(interval);
    }

    public String getInitialDelay() {
        return initialDelay;
    }

    @DataBoundSetter
    public void setInitialDelay(String initialDelay) {
        this.initialDelay = Util.fixEmptyAndTrim(initialDelay);
    }

    public Integer getFailureLimit() {
        return failureLimit;
    }

    /** Failed measurements tolerated per metric (default 0). */
    @DataBoundSetter
    public void setFailureLimit(Integer failureLimit) {
        this.failureLimit = failureLimit;
    }

    public Integer getConsecutiveErrorLimit() {
        return consecutiveErrorLimit;
    }

    /** Consecutive query errors tolerated before the analysis errs, and so rolls back (default 4). */
    @DataBoundSetter
    public void setConsecutiveErrorLimit(Integer consecutiveErrorLimit) {
        this.consecutiveErrorLimit = consecutiveErrorLimit;
    }

    public List<HealthCheck> getHealthChecks() {
        return healthChecks;
    }

    /** Health endpoints to watch beside the metrics; required when the policy says health checks must pass. */
    @DataBoundSetter
    public void setHealthChecks(List<HealthCheck> healthChecks) {
        this.healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new AutoRollbackExecution(context, this);
    }

    /** A health endpoint: a GET must answer {@code expectedStatus} (200 unless set). */
    public static final class HealthCheck extends AbstractDescribableImpl<HealthCheck> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String url;
        private int expectedStatus = 200;

        @DataBoundConstructor
        public HealthCheck(String name, String url) {
            this.name = Util.fixEmptyAndTrim(name);
            this.url = Util.fixEmptyAndTrim(url);
        }

        public String getName() {
            return name;
        }

        public String getUrl() {
            return url;
        }

        public int getExpectedStatus() {
            return expectedStatus;
        }

        @DataBoundSetter
        public void setExpectedStatus(int expectedStatus) {
            this.expectedStatus = expectedStatus;
        }

        /** As core's analysis takes it; a bad name or URL is an error naming the check. */
        PolicyAnalysis.HealthCheckRule rule() throws AbortException {
            try {
                URI u = new URI(Util.fixNull(url));
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new AbortException(
                            NAME + ": health check '" + name + "': use an http:// or https:// URL, not '" + url + "'");
                }
                return new PolicyAnalysis.HealthCheckRule(name, u, expectedStatus);
            } catch (URISyntaxException e) {
                throw new AbortException(NAME + ": health check '" + name + "': not a URL: " + e.getReason());
            } catch (IllegalArgumentException e) {
                throw new AbortException(NAME + ": " + e.getMessage());
            }
        }

        @Extension
        public static final class DescriptorImpl extends Descriptor<HealthCheck> {
            @Override
            public String getDisplayName() {
                return "Health check";
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends GovernanceStepDescriptor {
        /** No FilePath or Launcher: the analysis holds no executor. */
        public DescriptorImpl() {
            super(NAME, "Watch post-deploy metrics and roll back on a breach");
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}

package io.jenkins.plugins.relgov.plugin.approval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.ProxyConfiguration;
import hudson.model.Run;
import io.jenkins.plugins.relgov.plugin.GovernanceConfiguration;
import io.jenkins.plugins.relgov.policy.Communication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;

/**
 * Tells people that a request waits for them: a JSON POST to the webhook URL of the global configuration
 * (Slack-compatible: the {@code text} field reads well in a channel; ChatOps tools can use the rest).
 * Sent in the background so a slow receiver never delays the build; failures are logged, never fatal.
 */
final class ApprovalNotifier {

    private static final Logger LOGGER = Logger.getLogger(ApprovalNotifier.class.getName());

    private ApprovalNotifier() {}

    /** Notifies the configured webhook, if any; {@code channels} are the policy's pre-release channels. */
    static void requestOpened(Run<?, ?> run, ApprovalRequest request, List<Communication> communication) {
        GovernanceConfiguration config = GovernanceConfiguration.get();
        String webhook = config == null ? null : config.getNotificationWebhookUrl();
        if (webhook == null) {
            return;
        }
        ObjectNode payload = payload(run, request, communication);
        Timer.get().submit(() -> post(webhook, payload));
    }

    static ObjectNode payload(Run<?, ?> run, ApprovalRequest request, List<Communication> communication) {
        String root = Jenkins.get().getRootUrl();
        String page = (root == null ? "/" : root) + run.getUrl() + ApprovalAction.URL_NAME + "/";
        ObjectNode json = JsonResponse.JSON
                .createObjectNode()
                .put("event", "approval-requested")
                .put(
                        "text",
                        "Release " + request.getVersion() + " (" + request.getTier() + ") of "
                                + run.getParent().getFullDisplayName() + " #" + run.getNumber()
                                + " waits for approval by "
                                + String.join(", ", request.getMissing()) + ": " + page)
                .put("job", run.getParent().getFullName())
                .put("build", run.getNumber())
                .put("request", request.getId())
                .put("message", request.getMessage())
                .put("version", request.getVersion())
                .put("tier", request.getTier())
                .put("environment", request.getEnvironment())
                .put("policy", request.getPolicy())
                .put("openedAt", request.getOpenedAt())
                .put("deadline", request.getDeadline())
                .put("url", page);
        request.getMissing().forEach(json.putArray("missing")::add);
        ArrayNode channels = json.putArray("channels");
        for (Communication c : communication) {
            if ("pre-release".equals(c.phase())) {
                c.channels().forEach(channels::add);
            }
        }
        return json;
    }

    private static void post(String webhook, ObjectNode payload) {
        URI uri = URI.create(webhook);
        try {
            HttpRequest req = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(payload.toString(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> rsp =
                    ProxyConfiguration.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding());
            if (rsp.statusCode() / 100 != 2) {
                // the host only: webhook URLs often carry their secret in the path
                LOGGER.warning(() -> "approval webhook at " + uri.getHost() + " answered HTTP " + rsp.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOGGER.log(
                    Level.WARNING,
                    "approval webhook at " + uri.getHost() + " failed: "
                            + e.getClass().getSimpleName());
        }
    }
}

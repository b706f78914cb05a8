package io.jenkins.plugins.relgov.plugin.approval;

import static io.jenkins.plugins.relgov.plugin.approval.ApprovalFixture.MAJOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.relgov.plugin.GovernanceConfiguration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The webhook of the global configuration hears about every request that opens. */
@WithJenkins
class ApprovalNotifierTest {

    @Test
    void aWebhookReceivesTheOpenedRequest(JenkinsRule r) throws Exception {
        ApprovalFixture.security(r);
        BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/secret-token", exchange -> {
            received.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            GovernanceConfiguration.get()
                    .setNotificationWebhookUrl(
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/secret-token");
            WorkflowRun b = ApprovalFixture.startAs(r, ApprovalFixture.job(r, "shop", MAJOR), "trent");
            String got = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(got, "the webhook was called");
            String[] parts = got.split("\n", 2);
            assertTrue(parts[0].startsWith("POST application/json"), parts[0]);
            JSONObject json = JSONObject.fromObject(parts[1]);
            assertEquals("approval-requested", json.getString("event"));
            assertEquals("shop", json.getString("job"));
            assertEquals(1, json.getInt("build"));
            assertEquals("3.0.0", json.getString("version"));
            assertEquals("major", json.getString("tier"));
            assertEquals("production", json.getString("environment"));
            assertEquals(
                    "executive-board (1 more)", json.getJSONArray("missing").getString(0));
            assertTrue(json.getString("url").endsWith("job/shop/1/release-approval/"), json.getString("url"));
            assertTrue(json.getString("text").contains("waits for approval"), json.getString("text"));
            // inopsio's pre-release communication channels travel with it
            assertTrue(json.getJSONArray("channels").contains("Slack #announcements"), json.toString());
            b.doStop();
            r.waitForCompletion(b);
        } finally {
            server.stop(0);
        }
    }
}

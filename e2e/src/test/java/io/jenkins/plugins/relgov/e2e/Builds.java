package io.jenkins.plugins.relgov.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** Pipeline jobs and their builds, over the REST API a script would use. */
final class Builds {

    private Builds() {}

    /**
     * Creates or replaces a Pipeline job running {@code script} (Groovy sandbox on), stopping any build an
     * earlier run of the suite left waiting.
     */
    static void pipeline(Session s, String job, String script) {
        Session.Answer builds = s.get("job/" + job + "/api/json?tree=builds%5Bnumber,building%5D");
        if (builds.status() == 200) {
            for (JsonNode b : builds.json().path("builds")) {
                if (b.path("building").asBoolean()) {
                    s.post("job/" + job + "/" + b.path("number").asInt() + "/stop", Map.of());
                    awaitResult(s, job, b.path("number").asInt());
                }
            }
        }
        String xml = "<?xml version='1.1' encoding='UTF-8'?><flow-definition plugin=\"workflow-job\">"
                + "<definition class=\"org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition\" plugin=\"workflow-cps\">"
                + "<script>" + escape(script) + "</script><sandbox>true</sandbox></definition></flow-definition>";
        Session.Answer a = s.postDocument("job/" + job + "/config.xml", "application/xml", xml);
        if (a.status() == 404) {
            a = s.postDocument("createItem?name=" + job, "application/xml", xml);
        }
        if (a.status() != 200) {
            throw new IllegalStateException("cannot create job " + job + ": " + a.status() + " " + a.body());
        }
    }

    /** Starts a build as the session's user (who becomes its triggerer) and returns its number. */
    static int start(Session s, String job) {
        Session.Answer a = s.post("job/" + job + "/build", Map.of());
        if (a.status() != 201) {
            throw new IllegalStateException("cannot start " + job + ": " + a.status() + " " + a.body());
        }
        String queueItem = a.header("Location");
        queueItem = queueItem.endsWith("/") ? queueItem : queueItem + "/";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode item = s.get(queueItem + "api/json").json();
            if (item.path("executable").has("number")) {
                return item.path("executable").path("number").asInt();
            }
            LiveJenkins.sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException(job + " did not leave the queue");
    }

    static String log(Session s, String job, int build) {
        return s.get("job/" + job + "/" + build + "/consoleText").body();
    }

    /** Waits until the build's log contains {@code text}; returns the log. */
    static String awaitLog(Session s, String job, int build, String text) {
        return await(s, job, build, log -> log.contains(text), "its log to say '" + text + "'");
    }

    /** Waits until the build ends; returns its result (SUCCESS, FAILURE, ABORTED, UNSTABLE). */
    static String awaitResult(Session s, String job, int build) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Session.Answer a = s.get("job/" + job + "/" + build + "/api/json?tree=building,result");
            if (a.status() == 200 && !a.json().path("building").asBoolean(true)) {
                return a.json().path("result").asText();
            }
            LiveJenkins.sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(job + " #" + build + " did not end within 5 minutes:\n" + log(s, job, build));
    }

    private static String await(Session s, String job, int build, Predicate<String> done, String what) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = log(s, job, build);
            if (done.test(log)) {
                return log;
            }
            LiveJenkins.sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException(job + " #" + build + " never got to " + what + ":\n" + log);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

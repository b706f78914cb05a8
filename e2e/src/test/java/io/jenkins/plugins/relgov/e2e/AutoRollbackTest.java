package io.jenkins.plugins.relgov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A release that degrades after the deploy, measured by a real Prometheus: the rollback body runs, and why is evidence. */
class AutoRollbackTest {

    static String watchedStagingRelease(String job, Monitoring monitoring) {
        return """
                pipeline {
                  agent none
                  stages {
                    stage('Deploy') {
                      steps {
                        autoRollback(policy: 'e2e', version: '2.6.0', previousVersion: '2.5.0', environment: 'staging',
                                     prometheusUrl: '%s', interval: '2s', healthChecks: [[name: 'app', url: '%s']]) {
                          echo "ROLLING BACK to ${env.RELGOV_ROLLBACK_VERSION} because ${env.RELGOV_ROLLBACK_REASON}"
                        }
                      }
                    }
                  }
                }
                """.formatted(monitoring.prometheus(), monitoring.health());
    }

    @Test
    void aBreachRunsTheRollbackBodyAndIsRecordedWithEveryMeasurement() {
        LiveJenkins jenkins = LiveJenkins.get();
        Monitoring monitoring = Monitoring.get(jenkins);
        monitoring.settleAt(0.2); // 20% of requests fail: over the policy's 5% rollback trigger
        try {
            Session frank = jenkins.as("frank");
            Builds.pipeline(jenkins.admin(), "e2e-breach", watchedStagingRelease("e2e-breach", monitoring));
            int build = Builds.start(frank, "e2e-breach");
            assertThat(Builds.awaitResult(frank, "e2e-breach", build)).isEqualTo("FAILURE");
            assertThat(Builds.log(frank, "e2e-breach", build))
                    .contains("analysis Failed")
                    .contains("ROLLING BACK to 2.5.0")
                    .contains("rollback completed");
            JsonNode rollback = null;
            for (String line : frank.get("job/e2e-breach/" + build + "/release-governance/ledger")
                    .body()
                    .split("\n")) {
                JsonNode e = LiveJenkins.json(line);
                if (e.path("type").asText().equals("rollback")) {
                    rollback = e.path("payload");
                }
            }
            assertThat(rollback).isNotNull();
            assertThat(rollback.path("from").asText()).isEqualTo("2.6.0");
            assertThat(rollback.path("to").asText()).isEqualTo("2.5.0");
            assertThat(rollback.path("reason").asText()).contains("error-rate");
            assertThat(rollback.path("analysis").path("measurements").size()).isPositive();
        } finally {
            monitoring.errorRatio(0.005);
        }
    }
}

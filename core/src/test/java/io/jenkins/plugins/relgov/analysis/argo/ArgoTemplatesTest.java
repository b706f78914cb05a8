package io.jenkins.plugins.relgov.analysis.argo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.MetricSpec;
import io.jenkins.plugins.relgov.analysis.Provider;
import io.jenkins.plugins.relgov.analysis.prometheus.PrometheusAuth;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgoTemplatesTest {

    /** Argo Rollouts' own example, docs/analysis/prometheus.md, unchanged. */
    static final String SUCCESS_RATE = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: success-rate
            spec:
              args:
              - name: service-name
              metrics:
              - name: success-rate
                interval: 5m
                # NOTE: prometheus queries return results in the form of a vector.
                # So it is common to access the index 0 of the returned array to obtain the value
                successCondition: result[0] >= 0.95
                failureLimit: 3
                provider:
                  prometheus:
                    address: http://prometheus.example.com:9090
                    # timeout is expressed in seconds
                    timeout: 40
                    headers:
                    - key: X-Scope-OrgID
                      value: tenant_a
                    query: |
                      sum(irate(
                        istio_requests_total{reporter="source",destination_service=~"{{args.service-name}}",response_code!~"5.*"}[5m]
                      )) /
                      sum(irate(
                        istio_requests_total{reporter="source",destination_service=~"{{args.service-name}}"}[5m]
                      ))
            """;

    static AnalysisSpec parse(String yaml, Map<String, String> args) {
        return ArgoTemplates.parse(yaml, "analysis.yaml", args, null, null, Duration.ofHours(1));
    }

    @Test
    void argosOwnExampleWorksUnchanged() {
        AnalysisSpec spec = parse(SUCCESS_RATE, Map.of("service-name", "checkout"));
        MetricSpec m = spec.metrics().get(0);
        assertThat(m.name()).isEqualTo("success-rate");
        assertThat(m.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.count()).isNull();
        assertThat(m.failureLimit()).isEqualTo(3);
        assertThat(m.inconclusiveLimit()).isZero();
        assertThat(m.consecutiveErrorLimit()).as("Argo's default").isEqualTo(4);
        assertThat(m.successCondition().text()).isEqualTo("result[0] >= 0.95");
        assertThat(m.failureCondition()).isNull();
        Provider.PrometheusQuery q = (Provider.PrometheusQuery) m.provider();
        assertThat(q.address()).isEqualTo(URI.create("http://prometheus.example.com:9090"));
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(q.headers()).containsEntry("X-Scope-OrgID", "tenant_a");
        assertThat(q.query()).contains("destination_service=~\"checkout\"").doesNotContain("{{");
    }

    @Test
    void specOrBareMetricListAreAcceptedWithDefaults() {
        String list = """
                - name: errors
                  successCondition: len(result) == 0 || result[0] < 0.05
                  provider:
                    prometheus:
                      address: http://127.0.0.1:9090
                      query: vector(0)
                """;
        MetricSpec m = parse(list, Map.of()).metrics().get(0);
        assertThat(m.effectiveCount()).as("no interval: measured once").isEqualTo(1);
        assertThat(m.failureLimit()).isZero();
        assertThat(((Provider.PrometheusQuery) m.provider()).timeout()).isEqualTo(Duration.ofSeconds(30));
        AnalysisSpec spec = parse("metrics:\n" + list.indent(2), Map.of());
        assertThat(spec.metrics()).hasSize(1);
        // Argo treats count 0 as unset: with an interval the metric runs until the window ends
        assertThat(parse(
                                SUCCESS_RATE.replace("failureLimit: 3", "failureLimit: 3\n    count: 0"),
                                Map.of("service-name", "x"))
                        .metrics()
                        .get(0)
                        .effectiveCount())
                .isNull();
        assertThatThrownBy(() -> parse(
                        SUCCESS_RATE.replace("failureLimit: 3", "failureLimit: 3\n    count: -1"),
                        Map.of("service-name", "x")))
                .hasMessageContaining(
                        "analysis.yaml line 9: spec.metrics[0] (success-rate): metric 'success-rate': count must not be negative");
    }

    @Test
    void argsHaveDefaultsAndOverridesAndBasicAuthIsRead() {
        String yaml = """
                spec:
                  args:
                    - name: threshold
                      value: "0.05"
                    - name: user
                    - name: password
                  metrics:
                    - name: errors
                      interval: 30s
                      count: 5
                      failureCondition: result[0] > {{ args.threshold }}
                      provider:
                        prometheus:
                          address: http://127.0.0.1:9090
                          query: vector(0)
                          authentication:
                            basicAuth:
                              username: "{{ args.user }}"
                              password: "{{ args.password }}"
                """;
        AnalysisSpec spec = parse(yaml, Map.of("threshold", "0.1", "user", "grafana", "password", "s3cret"));
        MetricSpec m = spec.metrics().get(0);
        assertThat(m.failureCondition().text()).isEqualTo("result[0] > 0.1");
        assertThat(m.count()).isEqualTo(5);
        PrometheusAuth auth = ((Provider.PrometheusQuery) m.provider()).auth();
        assertThat(auth.header()).contains("Basic Z3JhZmFuYTpzM2NyZXQ=");
        assertThat(auth.toString()).doesNotContain("s3cret");
    }

    @Test
    void theCommandLineAddressReplacesTheTemplatesAndFillsAMissingOne() {
        URI local = URI.create("http://127.0.0.1:9090");
        AnalysisSpec spec = ArgoTemplates.parse(
                SUCCESS_RATE, "a.yaml", Map.of("service-name", "x"), null, local, Duration.ofMinutes(10));
        assertThat(((Provider.PrometheusQuery) spec.metrics().get(0).provider()).address())
                .isEqualTo(local);
    }

    @Test
    void whatRelgovCannotRunIsRefusedByName() {
        assertThatThrownBy(() -> parse(SUCCESS_RATE, Map.of()))
                .hasMessageContaining("{{args.service-name}}, which has no value: pass --arg service-name=...");
        assertThatThrownBy(() -> parse(SUCCESS_RATE, Map.of("service-name", "x", "typo", "y")))
                .hasMessageContaining("arg 'typo' is not declared");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: job
                    provider:
                      job: {spec: {}}
                """, Map.of()))
                .hasMessageContaining("analysis.yaml line 2: metrics[0] (job): provider 'job' is not supported");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    provider:
                      prometheus:
                        address: http://p:9090
                        query: up
                        rangeQuery: {start: now(), end: now(), step: 1m}
                """, Map.of()))
                .hasMessageContaining("provider.prometheus.rangeQuery is not supported");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    dryRun: true
                    provider: {prometheus: {address: "http://p:9090", query: up}}
                """, Map.of()))
                .hasMessageContaining("analysis.yaml line 3: field 'metrics[0].dryRun' is not supported");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    interval: 5 minutes
                    provider: {prometheus: {address: "http://p:9090", query: up}}
                """, Map.of()))
                .hasMessageContaining("analysis.yaml line 2: metrics[0] (r): '5 minutes' is not a duration");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    failureLimit: three
                    provider: {prometheus: {address: "http://p:9090", query: up}}
                """, Map.of()))
                .hasMessageContaining("failureLimit 'three' is not a whole number");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    successCondition: "all(result, # < 1000)"
                    provider: {prometheus: {address: "http://p:9090", query: up}}
                """, Map.of()))
                .hasMessageContaining("condition 'all(result, # < 1000)' is not allowed or not valid");
        assertThatThrownBy(() -> parse("""
                metrics:
                  - name: r
                    provider: {prometheus: {address: "http://user:pw@p:9090", query: up}}
                """, Map.of()))
                .hasMessageContaining("must not carry credentials")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> parse("kind: Rollout\nspec: {}", Map.of())).hasMessageContaining("kind 'Rollout'");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> GoDuration.parse("5")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> GoDuration.parse("-5s")).hasMessageContaining("not a duration");
    }
}

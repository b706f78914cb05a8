package io.jenkins.plugins.relgov.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The release pipelines the suite runs: the five steps in declarative Pipelines on the suite's agent, with
 * real reports made by real tools (the demo's Surefire, JaCoCo and ESLint SARIF reports) written into the
 * workspace there.
 */
final class Releases {

    /** What the build log says once requireApproval waits (the link to the approval page). */
    static final String PAUSED = "Approve or reject release";

    private Releases() {}

    /** A minor release (qa-lead, then product-manager) to production, watched after the deploy. */
    static String minorToProduction(Monitoring monitoring) {
        return minorToProduction(signJar() + """
                    stage('Deploy') {
                      steps {
                        autoRollback(prometheusUrl: '%s', interval: '2s', healthChecks: [[name: 'app', url: '%s']]) {
                          echo "ROLLING BACK to ${env.RELGOV_ROLLBACK_VERSION}"
                        }
                      }
                    }
                """.formatted(monitoring.prometheus(), monitoring.health()));
    }

    /** The same minor release up to its signature, with no deploy stage. */
    static String minorUpToSignature() {
        return minorToProduction(signJar());
    }

    /** The stage that signs the jar on the agent once approved. */
    private static String signJar() {
        return """
                    stage('Sign') {
                      agent { label '%s' }
                      steps {
                        signArtifact files: 'target/*.jar', credentialsId: '%s'
                      }
                    }
                """.formatted(LiveJenkins.AGENT, LiveJenkins.KEY_ID);
    }

    /**
     * A minor release to production whose artifact is also a container image: the jar and the image ({@code ref}, in
     * a registry on loopback reached over HTTP with the Username/Password credential {@code registryCredentialsId})
     * signed on the agent once approved.
     */
    static String imageToProduction(String ref, String registryCredentialsId) {
        return minorToProduction("""
                    stage('Sign') {
                      agent { label '%s' }
                      steps {
                        script {
                          def signed = signArtifact files: 'target/*.jar', image: '%s', registryCredentialsId: '%s',
                                                    allowHttpRegistry: true, credentialsId: '%s'
                          echo "SIGNED ${signed}"
                        }
                      }
                    }
                """.formatted(LiveJenkins.AGENT, ref, registryCredentialsId, LiveJenkins.KEY_ID));
    }

    /** A minor release of shop 2.5.0 to production: build, gate, approvals (qa-lead, then product-manager), then {@code stages}. */
    private static String minorToProduction(String stages) {
        return """
                pipeline {
                  agent none // no executor is held while people decide
                  environment {
                    RELGOV_POLICY = 'e2e'
                    RELGOV_VERSION = '2.5.0'
                    RELGOV_PREVIOUS_VERSION = '2.4.1'
                    RELGOV_ENVIRONMENT = 'production'
                    BRANCH_NAME = 'release/2.5'
                  }
                  stages {
                    stage('Build') {
                      agent { label '%s' }
                      steps {
                %s
                        writeFile file: 'target/shop-2.5.0.jar', text: 'the release artifact'
                      }
                    }
                    stage('Gate') {
                      agent { label '%s' }
                      steps {
                        recordEvidence type: 'test-summary', files: 'reports/TEST-*.xml'
                        recordEvidence type: 'security-scan', files: 'reports/*.sarif'
                        releaseGate junit: 'reports/TEST-*.xml', coverage: 'reports/jacoco.xml', sarif: 'reports/*.sarif'
                      }
                    }
                    stage('Approve') {
                      steps {
                        script {
                          def approval = requireApproval()
                          echo "APPROVED BY ${approval.approvers.collect { it.user }}"
                        }
                      }
                    }
                %s  }
                }
                """.formatted(LiveJenkins.AGENT, reports(), LiveJenkins.AGENT, stages);
    }

    /** A major release (executive board and CISO, any order) that waits for its approvals. */
    static String majorWaitingForApproval() {
        return """
                pipeline {
                  agent none
                  stages {
                    stage('Approve') {
                      steps {
                        requireApproval policy: 'e2e', version: '3.0.0', previousVersion: '2.5.0', environment: 'production'
                      }
                    }
                  }
                }
                """;
    }

    /** The writeFile steps that put the real reports into the workspace. */
    private static String reports() {
        Path dir = Path.of(System.getProperty("relgov.e2e.reports"));
        StringBuilder steps = new StringBuilder();
        for (String[] f : new String[][] {
            {"TEST-demo.payments.TransferTest.xml", "reports/TEST-demo.xml"},
            {"jacoco.xml", "reports/jacoco.xml"},
            {"eslint.sarif", "reports/eslint.sarif"}
        }) {
            try {
                String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(f[0])));
                steps.append("        writeFile file: '")
                        .append(f[1])
                        .append("', text: '")
                        .append(b64)
                        .append("', encoding: 'Base64'\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return steps.toString();
    }
}

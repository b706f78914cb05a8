package io.jenkins.plugins.relgov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.signing.VerificationKey;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A build that ended without signing credentials is not sealed; once the administrator configures them, the
 * page's Seal now (POST, administrators only) seals it, and the bundle verifies offline with the key.
 */
class SealNowTest {

    private static final String JOB = "e2e-seal";

    @Test
    void anAdministratorSealsABuildThatEndedWithoutSigningCredentials() throws Exception {
        LiveJenkins jenkins = LiveJenkins.get();
        Session admin = jenkins.admin();
        String before = admin.script("println(io.jenkins.plugins.relgov.plugin.GovernanceConfiguration.get()"
                + ".signingCredentialsId ?: '')");
        setDefaultSigningKey(admin, null);
        try {
            Builds.pipeline(
                    admin,
                    JOB,
                    "recordEvidence policy: 'e2e', version: '2.6.0', previousVersion: '2.5.0', environment: 'staging',"
                            + " type: 'risk-assessment', data: [risk: 'low']");
            Session frank = jenkins.as("frank");
            int build = Builds.start(frank, JOB);
            assertThat(Builds.awaitResult(frank, JOB, build)).isEqualTo("SUCCESS");
            assertThat(Builds.log(frank, JOB, build)).contains("evidence not sealed: no signing credentials");
            String page = "job/" + JOB + "/" + build + "/release-governance/";

            // frank started the build and carol may read it: neither is offered the button, nor may seal
            Session carol = jenkins.as("carol");
            assertThat(carol.get(page).body()).contains("Not sealed").doesNotContain("Seal now");
            assertThat(carol.post(page + "seal", Map.of()).status()).isEqualTo(403);
            assertThat(frank.post(page + "seal", Map.of()).status()).isEqualTo(403);
            // the administrator neither by GET nor by a POST without the crumb
            assertThat(admin.get(page + "seal").status()).isEqualTo(405);
            assertThat(admin.postWithoutCrumb(page + "seal", Map.of()).status()).isEqualTo(403);
            assertThat(admin.get(page + "bundle").status()).isEqualTo(404);

            setDefaultSigningKey(admin, LiveJenkins.KEY_ID);
            assertThat(admin.get(page).body()).contains("Seal now");
            assertThat(admin.post(page + "seal", Map.of()).status()).isEqualTo(302);
            Path zip = GovernedReleaseTest.bundle(carol, page + "bundle", jenkins.work);
            VerificationReport report = BundleVerifier.verify(
                    zip, new BundleVerifier.Options(VerificationKey.read(jenkins.publicKey), null, null));
            assertThat(report.problems()).isEmpty();
            assertThat(report.valid()).isTrue();
        } finally {
            setDefaultSigningKey(admin, before.isEmpty() ? null : before);
        }
    }

    private static void setDefaultSigningKey(Session admin, String id) {
        admin.script("def c = io.jenkins.plugins.relgov.plugin.GovernanceConfiguration.get()\n"
                + "c.signingCredentialsId = " + (id == null ? "null" : "'" + id + "'") + "\nc.save()\nprintln 'ok'");
    }
}

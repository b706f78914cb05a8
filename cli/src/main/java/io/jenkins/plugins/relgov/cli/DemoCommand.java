package io.jenkins.plugins.relgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.analysis.AnalysisResult;
import io.jenkins.plugins.relgov.analysis.AnalysisRunner;
import io.jenkins.plugins.relgov.analysis.AnalysisSpec;
import io.jenkins.plugins.relgov.analysis.PolicyAnalysis;
import io.jenkins.plugins.relgov.analysis.RecordedSource;
import io.jenkins.plugins.relgov.analysis.Ticker;
import io.jenkins.plugins.relgov.analysis.rollback.Deployment;
import io.jenkins.plugins.relgov.analysis.rollback.JsonReleaseHistory;
import io.jenkins.plugins.relgov.analysis.rollback.RollbackCommand;
import io.jenkins.plugins.relgov.approval.ApprovalState;
import io.jenkins.plugins.relgov.approval.Approvals;
import io.jenkins.plugins.relgov.approval.Decision;
import io.jenkins.plugins.relgov.approval.Identity;
import io.jenkins.plugins.relgov.approval.MembershipMatcher;
import io.jenkins.plugins.relgov.approval.Outcome;
import io.jenkins.plugins.relgov.approval.RequestSpec;
import io.jenkins.plugins.relgov.evidence.ApprovalEvidence;
import io.jenkins.plugins.relgov.evidence.BundleVerifier;
import io.jenkins.plugins.relgov.evidence.ChangeRecord;
import io.jenkins.plugins.relgov.evidence.EventType;
import io.jenkins.plugins.relgov.evidence.ReleaseEvidence;
import io.jenkins.plugins.relgov.evidence.RolloutEvidence;
import io.jenkins.plugins.relgov.evidence.VerificationReport;
import io.jenkins.plugins.relgov.gate.GateContext;
import io.jenkins.plugins.relgov.gate.GateEngine;
import io.jenkins.plugins.relgov.gate.GateResult;
import io.jenkins.plugins.relgov.gate.ReportCollector;
import io.jenkins.plugins.relgov.policy.Control;
import io.jenkins.plugins.relgov.policy.LoadedPolicy;
import io.jenkins.plugins.relgov.policy.Policy;
import io.jenkins.plugins.relgov.policy.ShippedPolicies;
import io.jenkins.plugins.relgov.policy.Tier;
import io.jenkins.plugins.relgov.release.Release;
import io.jenkins.plugins.relgov.release.TierClassifier;
import io.jenkins.plugins.relgov.report.JUnitParser;
import io.jenkins.plugins.relgov.signing.KeyAlgorithm;
import io.jenkins.plugins.relgov.signing.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relgov demo}: one governed release of a sample payments service, start to finish, through the
 * real engine: policy, tier, gate on real reports, multi-role approvals with refused attacks, signature
 * and attestation, sealed evidence bundle, offline verification (and a tampered copy), then a post-deploy
 * analysis that breaches the policy's rollback trigger and names the rollback target.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Runs a complete governed release of a sample application through the engine and prints what happened.")
public final class DemoCommand implements Callable<Integer> {
    private static final String REPORTS = "/io/jenkins/plugins/relgov/cli/demo/reports/";
    private static final String VERSION = "v2.0.0";
    private static final String PREVIOUS = "v1.4.2";
    private static final String BRANCH = "release/2.0";
    private static final String ENVIRONMENT = "production";

    @Spec
    CommandSpec spec;

    /** What a run leaves in its folder; a second run into the same folder would replace them. */
    private static final String OUTPUTS = "{workspace,signing-key.pub.pem,release-history.json,*-evidence.zip}";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "where to leave the release's workspace, public key, evidence bundle and release history"
                    + " (default: a temporary folder, removed at the end)")
    Path out;

    @Option(names = "--force", description = "replace what an earlier demo left in --out DIR")
    boolean force;

    private PrintWriter o;

    @Override
    public Integer call() throws Exception {
        o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("relgov-demo");
            } catch (IOException e) {
                err.println("relgov demo: cannot create a temporary folder: " + e.getMessage());
                return 2;
            }
            try {
                return run(dir);
            } finally {
                deleteTree(dir);
            }
        }
        Path dir;
        try {
            dir = writableFolder(out);
        } catch (IllegalArgumentException e) {
            err.println("relgov demo: " + e.getMessage());
            return 2;
        }
        List<String> earlier = earlierRun(dir);
        if (!earlier.isEmpty() && !force) {
            err.printf(
                    "relgov demo: %s already holds a demo release (%s); a new run would replace its key and"
                            + " evidence. Choose another --out, or add --force to replace them.%n",
                    out, String.join(", ", earlier));
            return 2;
        }
        return run(dir);
    }

    private Integer run(Path dir) throws Exception {
        DemoClock clock = new DemoClock(Instant.parse("2026-11-23T09:00:00Z"));

        heading("1. Policy");
        LoadedPolicy loaded = ShippedPolicies.loaded(ShippedPolicies.DEFAULT);
        Policy policy = loaded.policy();
        o.printf(
                "%s: %s%n  digest %s, records kept %s%n",
                policy.name(), policy.title(), loaded.digest(), policy.retention());

        heading("2. Release and tier");
        Release release = new TierClassifier(policy).classify(VERSION, PREVIOUS, BRANCH);
        Tier tier = policy.tier(release.tier()).orElseThrow();
        o.printf(
                "payments-api %s (previous %s, branch %s) to %s: tier %s (%s)%n",
                VERSION, PREVIOUS, BRANCH, ENVIRONMENT, tier.kind().id(), release.reason());
        o.printf(
                "  approvals: %s%s%n  rollout: %s%n  required evidence: %s%n",
                tier.approvals().stream()
                        .map(r -> r.count() + " of " + r.role())
                        .toList(),
                tier.ordered() ? ", in this order" : "",
                tier.rollout().description(),
                tier.requiredEvidence());

        Path workspace = workspace(dir.resolve("workspace"));
        ReleaseEvidence evidence = ReleaseEvidence.start(
                new ReleaseEvidence.Release("payments-api", VERSION, tier.kind().id(), PREVIOUS, ENVIRONMENT, BRANCH),
                loaded,
                "jenkins",
                clock);

        heading("3. Evidence recorded before the gate");
        // what only the pipeline author knows about the change: the fields auditors sample first
        evidence.recordChange(
                new ChangeRecord(
                        "CHG-2291",
                        "per-tenant fee calculation (FEE-88)",
                        "changes how fees are computed; no change to authentication or data access",
                        "alice",
                        RollbackCommand.display(
                                RollbackCommand.render(policy.rollback().command(), ENVIRONMENT, PREVIOUS)),
                        false),
                "alice");
        ObjectNode risk = new ObjectMapper()
                .createObjectNode()
                .put("risk", "medium")
                .put("impact", "fee calculation for all tenants")
                .put("mitigation", "canary 10% -> 50% -> 100%, automatic rollback")
                .put("assessedBy", "carol");
        evidence.recordRecord("risk-assessment", risk, "carol");
        evidence.recordFile(
                workspace.resolve("target/surefire-reports/TEST-demo.payments.TransferTest.xml"),
                "TEST-demo.payments.TransferTest.xml",
                "test-summary",
                "jenkins");
        evidence.recordFile(workspace.resolve("scan/eslint.sarif"), "eslint.sarif", "security-scan", "jenkins");
        o.printf("recorded kinds: %s%n", evidence.ledger().recordedKinds());

        heading("4. Pre-deploy gate (real Surefire, JaCoCo and ESLint SARIF reports)");
        clock.advance(Duration.ofMinutes(5));
        GateResult gate = GateEngine.evaluate(new GateContext(
                policy,
                tier.kind(),
                ENVIRONMENT,
                BRANCH,
                clock.instant(),
                evidence.ledger().asEvidenceIndex(),
                new ReportCollector(workspace)
                        .collect(
                                List.of("**/TEST-*.xml"),
                                List.of("**/jacoco.xml"),
                                List.of("scan/*.sarif"),
                                List.of())));
        o.print(GateTable.render(gate));
        evidence.recordGate(gate, 1, "jenkins");

        heading("5. Approvals (segregation of duties enforced)");
        ApprovalState approvals = approvals(loaded, tier, clock, evidence);
        o.print(approvals.describe(clock.instant()));

        heading("6. Signature and attestation");
        SigningKey key = SigningKey.generate(KeyAlgorithm.ECDSA_P256);
        Path publicKey = dir.resolve("signing-key.pub.pem");
        Files.writeString(publicKey, key.publicKey().toPem());
        Path artifact = artifact(workspace.resolve("target/payments-api-2.0.0.jar"));
        String signature = evidence.signArtifact(artifact, key, true, "jenkins");
        evidence.attestGovernance(key, "jenkins");
        Path junit = workspace.resolve("target/surefire-reports/TEST-demo.payments.TransferTest.xml");
        try (var in = Files.newInputStream(junit)) {
            evidence.attestTestResults(
                    JUnitParser.parse(in, FileNames.of(junit)),
                    List.of("TEST-demo.payments.TransferTest.xml"),
                    null,
                    key,
                    "jenkins");
        }
        String decided = evidence.attestReleaseDecision(ENVIRONMENT, key, "jenkins")
                .payloadJson()
                .path("predicate")
                .path("verificationResult")
                .asText();
        o.printf(
                "%s signed (ECDSA P-256, cosign blob format): %s...%n  in-toto Statement v1 in a DSSE envelope carries"
                        + " the policy digest, gate results and approvals; another the test results (in-toto test-result)%n"
                        + "  release decision for %s (SLSA verification summary): %s%n",
                artifact.getFileName(), signature.substring(0, 24), ENVIRONMENT, decided);

        heading("7. Deployment and post-deploy analysis (recorded measurements, the policy's thresholds)");
        clock.advance(Duration.ofMinutes(30));
        JsonReleaseHistory history = history(dir.resolve("release-history.json"));
        Instant deployedAt = clock.instant();
        history.record(new Deployment(VERSION, ENVIRONMENT, Deployment.Outcome.IN_PROGRESS, deployedAt));
        evidence.record(
                EventType.DEPLOYMENT,
                "jenkins",
                new ObjectMapper()
                        .createObjectNode()
                        .put("environment", ENVIRONMENT)
                        .put("version", VERSION)
                        .put("strategy", tier.rollout().strategy().name()));
        AnalysisResult analysis = analyse(policy, clock);
        o.printf("decision: %s: %s%n", analysis.phase(), analysis.reason());
        analysis.detectionLatency().ifPresent(d -> o.printf("first breach to decision: %ds%n", d.toSeconds()));
        if (analysis.rollbackAdvised()) {
            rollback(policy, history, clock, evidence, analysis);
        }
        Deployment.Outcome outcome =
                analysis.rollbackAdvised() ? Deployment.Outcome.ROLLED_BACK : Deployment.Outcome.SUCCESSFUL;
        history.record(new Deployment(VERSION, ENVIRONMENT, outcome, deployedAt));
        o.printf(
                "release history of %s, newest first: %s%n",
                ENVIRONMENT,
                String.join(
                        ", ",
                        history.releases(ENVIRONMENT).stream()
                                .map(d -> d.version() + " " + d.outcome())
                                .toList()));

        heading("8. Sealed evidence bundle");
        Path bundle = evidence.seal(key, "jenkins").writeTo(dir);
        o.printf(
                "%s (%d bytes), %d ledger events%n",
                bundle, Files.size(bundle), evidence.ledger().size());

        heading("9. Offline verification, as an auditor runs it");
        VerificationReport report =
                BundleVerifier.verify(bundle, new BundleVerifier.Options(key.publicKey(), loaded, null));
        o.print(report.render());
        VerificationReport tampered = tamperedCopy(bundle, key, loaded);
        o.printf("%nA copy whose recorded test report was edited and zipped again:%n%s", tampered.render());

        heading("Done");
        if (out != null) {
            o.printf(
                    "Verify it yourself (relgov as installed from cli/target/relgov.tar.gz, or java -jar"
                            + " cli/target/relgov.jar):%n  relgov verify %s --key %s --policy %s%n",
                    bundle, publicKey, policy.name());
        } else {
            o.printf("The release's folder was temporary and is removed; run with --out DIR to keep the bundle"
                    + " and verify it yourself.%n");
        }
        o.flush();
        boolean asExpected = gate.passed() && report.valid() && !tampered.valid() && analysis.rollbackAdvised();
        return asExpected ? 0 : 1;
    }

    private ApprovalState approvals(LoadedPolicy loaded, Tier tier, Clock clock, ReleaseEvidence evidence) {
        RequestSpec request = RequestSpec.of(
                loaded, VERSION, tier.kind(), ENVIRONMENT, "payments-api#42", "alice", List.of("alice", "dave"), false);
        List<String> approvalControls = loaded.policy().controlsFor("approval").stream()
                .map(Control::id)
                .toList();
        Outcome opened = Approvals.open(loaded.policy(), request, MembershipMatcher.DEFAULT, clock);
        ApprovalState state = opened.state();
        ledger(evidence, opened, approvalControls);
        o.printf("build payments-api#42 started by alice; commits by alice and dave%n");
        List<Decision> decisions = List.of(
                Decision.approve(Identity.user("alice", "executive-board")),
                Decision.approve(Identity.user("mallory", "developer")),
                Decision.approve(
                        Identity.user("erin", "executive-board", "ciso"), "executive-board", "strategy fits Q4"),
                Decision.approve(Identity.user("erin", "executive-board", "ciso"), "ciso", "I am also CISO deputy"),
                Decision.approve(Identity.user("carol", "ciso"), "ciso", "security review SR-2291 passed"));
        for (Decision d : decisions) {
            ((DemoClock) clock).advance(Duration.ofMinutes(7));
            Outcome outcome = Approvals.decide(state, d, clock);
            state = outcome.state();
            o.printf(
                    "  %-7s %-8s -> %s%n",
                    d.identity().userId(), outcome.accepted() ? "accepted" : "REFUSED", outcome.message());
            ledger(evidence, outcome, approvalControls);
        }
        return state;
    }

    /** Appends the engine's new events to the ledger, mapped as the Jenkins plugin maps them. */
    private static void ledger(ReleaseEvidence evidence, Outcome outcome, List<String> approvalControls) {
        for (ApprovalEvidence.Entry entry : ApprovalEvidence.entries(
                "payments-api#42/approval", outcome.state(), outcome.events(), approvalControls)) {
            evidence.ledger().append(entry.type(), entry.actor(), entry.payload());
        }
    }

    /** Degrading release: the error rate climbs past the policy's 5% rollback trigger. */
    private AnalysisResult analyse(Policy policy, DemoClock clock) throws InterruptedException {
        AnalysisSpec spec = PolicyAnalysis.compile(
                policy,
                PolicyAnalysis.Overrides.of(URI.create("http://127.0.0.1:9090")).withInterval(Duration.ofMinutes(1)));
        RecordedSource measured = new RecordedSource()
                .values("error-rate", 0.004, 0.006, 0.019, 0.058, 0.071, 0.083, 0.090, 0.094)
                .values("latency", 182, 190, 240, 410, 730, 1250, 2100, 2600)
                .values("tenant-impact", 0.0, 0.0, 0.02, 0.05, 0.08, 0.09, 0.12, 0.15);
        return new AnalysisRunner(measured, Ticker.simulated(clock.instant()))
                .run(spec, (m, n) -> o.println("  " + m.describe(n)));
    }

    /** The environment's release history, with the service's two earlier releases on the first run. */
    private static JsonReleaseHistory history(Path file) throws IOException {
        JsonReleaseHistory history = new JsonReleaseHistory(file);
        if (history.releases(ENVIRONMENT).isEmpty()) {
            history.record(new Deployment(
                    "v1.4.1", ENVIRONMENT, Deployment.Outcome.SUCCESSFUL, Instant.parse("2026-10-02T09:00:00Z")));
            history.record(new Deployment(
                    PREVIOUS, ENVIRONMENT, Deployment.Outcome.SUCCESSFUL, Instant.parse("2026-10-20T09:00:00Z")));
        }
        return history;
    }

    private void rollback(
            Policy policy,
            JsonReleaseHistory history,
            DemoClock clock,
            ReleaseEvidence evidence,
            AnalysisResult analysis) {
        String target = history.lastStable(ENVIRONMENT, VERSION).orElseThrow().version();
        List<String> command = RollbackCommand.render(policy.rollback().command(), ENVIRONMENT, target);
        o.printf(
                "rollback to the last stable release %s: %s (the Jenkins step runs this as its body)%n",
                target, RollbackCommand.display(command));
        clock.advance(Duration.ofMinutes(1));
        evidence.record(
                EventType.ROLLBACK,
                "jenkins",
                RolloutEvidence.rollback(
                        ENVIRONMENT,
                        VERSION,
                        target,
                        analysis.reason(),
                        RollbackCommand.display(command),
                        analysis,
                        policy.controlsFor("rollback-record").stream()
                                .map(Control::id)
                                .toList()));
    }

    /** The attack an auditor must catch: someone edits a recorded report and zips the bundle up again. */
    private static VerificationReport tamperedCopy(Path bundle, SigningKey key, LoadedPolicy loaded)
            throws IOException {
        Path copy = bundle.resolveSibling("tampered-" + bundle.getFileName());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle));
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith("TransferTest.xml")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .replaceFirst("failures=\"0\"", "failures=\"1\"")
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return BundleVerifier.verify(copy, new BundleVerifier.Options(key.publicKey(), loaded, null));
    }

    private static List<String> earlierRun(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, OUTPUTS)) {
            return StreamSupport.stream(found.spliterator(), false)
                    .map(p -> FileNames.of(p))
                    .sorted()
                    .toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * {@code --out}, created if need be and proven writable before the demo starts, so that a file or a read-only
     * folder is one sentence rather than a stack trace half-way through.
     */
    private static Path writableFolder(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                    "--out " + folder + " is a file; give a folder (it is created if missing)");
        }
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".relgov-demo", ".probe"));
            return folder;
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + folder + ": cannot write there (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException) {
            return e.getMessage() + " is in the way: not a folder";
        }
        if (e instanceof java.nio.file.FileSystemException f) { // its message is often just the path
            return f.getReason() != null ? f.getReason() : "the file system refused";
        }
        return e.getMessage();
    }

    /** Lays out the sample application's reports as its build left them. */
    private static Path workspace(Path ws) throws IOException {
        copy("TEST-demo.payments.TransferTest.xml", ws.resolve("target/surefire-reports"));
        copy("jacoco.xml", ws.resolve("target/site/jacoco"));
        copy("eslint.sarif", ws.resolve("scan"));
        return ws;
    }

    private static void copy(String resource, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = DemoCommand.class.getResourceAsStream(REPORTS + resource)) {
            Files.copy(in, dir.resolve(resource), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The release artifact: a small, deterministic jar. */
    private static Path artifact(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "payments-api");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "2.0.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            JarEntry entry = new JarEntry("demo/payments/RELEASE.txt");
            entry.setTime(0);
            out.putNextEntry(entry);
            out.write("payments-api 2.0.0: international transfer fees\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private void heading(String title) {
        o.printf("%n== %s%n", title);
    }

    /** A clock the demo moves forward, so its story (and its output) is the same on every run. */
    private static final class DemoClock extends Clock {
        private Instant now;

        DemoClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

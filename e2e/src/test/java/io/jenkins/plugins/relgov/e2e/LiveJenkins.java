package io.jenkins.plugins.relgov.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Jenkins under test, from the environment, prepared once per run:
 * <ul>
 * <li>{@code RELGOV_E2E_URL}: its root URL (e.g. {@code http://localhost:8080/jenkins/}); without it every
 *     test is skipped, saying so once;</li>
 * <li>{@code RELGOV_E2E_ADMIN}: {@code user:password} of an administrator (default {@code admin:admin}; on a
 *     Jenkins without security that user is created);</li>
 * <li>{@code RELGOV_E2E_RESTART}: a shell command that restarts it, for the restart tests (else skipped).</li>
 * </ul>
 * Preparing it changes it: its own user database gains the suite's people, who may do what is set by a
 * matrix, the plugin gets the {@code e2e} policy, role members and a signing key, and an inbound agent is
 * attached and started from here on loopback. Point the suite at a throwaway Jenkins.
 */
final class LiveJenkins {

    /** The suite's people and their roles (one person, cyrus, in two roles; mallory in none). */
    static final Map<String, String> ROLES = Map.of(
            "executive-board", "alice, cyrus",
            "ciso", "bob, cyrus",
            "qa-lead", "carol",
            "product-manager", "dave",
            "devops-lead", "erin",
            "developer", "frank");

    static final List<String> PEOPLE = List.of("alice", "bob", "carol", "dave", "erin", "cyrus", "frank", "mallory");
    static final String AGENT = "relgov-e2e";
    static final String KEY_ID = "relgov-e2e-key";

    private static LiveJenkins instance;
    private static boolean announced;

    final URI root;
    final String admin;
    private final String adminPassword;
    final String restartCommand;
    final Path work;
    final Path publicKey;
    private Process agent;

    private LiveJenkins(URI root, String admin, String adminPassword, String restartCommand) throws IOException {
        this.root = root;
        this.admin = admin;
        this.adminPassword = adminPassword;
        this.restartCommand = restartCommand;
        this.work = Files.createTempDirectory("relgov-e2e");
        this.publicKey = work.resolve("signing-key.pub.pem");
    }

    /** The prepared Jenkins; skips the calling test (saying why, once) when none is configured. */
    static synchronized LiveJenkins get() {
        String url = System.getenv("RELGOV_E2E_URL");
        if (url == null || url.isBlank()) {
            if (!announced) {
                announced = true;
                System.out.println(
                        "[relgov e2e] RELGOV_E2E_URL is not set: the acceptance tests against a live Jenkins "
                                + "are skipped (see e2e/README.md)");
            }
            assumeTrue(false, "RELGOV_E2E_URL is not set");
        }
        if (instance == null) {
            try {
                String[] admin = System.getenv()
                        .getOrDefault("RELGOV_E2E_ADMIN", "admin:admin")
                        .split(":", 2);
                LiveJenkins j = new LiveJenkins(
                        URI.create(url.endsWith("/") ? url : url + "/"),
                        admin[0],
                        admin.length > 1 ? admin[1] : admin[0],
                        System.getenv("RELGOV_E2E_RESTART"));
                j.prepare();
                instance = j;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    Session admin() {
        return new Session(root, admin, adminPassword);
    }

    Session as(String user) {
        return new Session(root, user, password(user));
    }

    Session anonymous() {
        return new Session(root, null, null);
    }

    /** Passwords are per run: nothing the suite leaves behind opens a door later. */
    private final String runSecret = Long.toHexString(Double.doubleToLongBits(Math.random()));

    private String password(String user) {
        return user + "-" + runSecret;
    }

    private void prepare() throws IOException {
        String privatePem = openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        Path keyFile = work.resolve("signing-key.pem");
        Files.writeString(keyFile, privatePem);
        Files.writeString(publicKey, openssl("pkey", "-in", keyFile.toString(), "-pubout"));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("admin", admin);
        Map<String, String> users = new LinkedHashMap<>();
        users.put(admin, adminPassword);
        PEOPLE.forEach(p -> users.put(p, password(p)));
        cfg.put("users", users);
        cfg.put("roles", ROLES);
        cfg.put("policy", resource("e2e-policy.yaml"));
        cfg.put("keyId", KEY_ID);
        cfg.put("keyPem", privatePem);
        cfg.put("agent", AGENT);
        cfg.put("agentDir", work.resolve("agent").toString());
        String groovy = resource("setup.groovy")
                .replace("@CONFIG@", Base64.getEncoder().encodeToString(Session.JSON.writeValueAsBytes(cfg)));
        // a Jenkins without security (mvn hpi:run) takes the script from anyone; afterwards only the administrator
        Session anonymous = anonymous();
        Session.Answer top = anonymous.get("api/json");
        for (Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                top.status() == 503 && Instant.now().isBefore(deadline); ) {
            sleep(Duration.ofSeconds(2)); // still starting
            top = anonymous.get("api/json");
        }
        Session setup = top.status() == 200 && !top.json().path("useSecurity").asBoolean(true) ? anonymous : admin();
        String out = setup.script(groovy);
        if (out.startsWith("UNSUPPORTED")) {
            assumeTrue(false, out);
        }
        int at = out.lastIndexOf("SECRET ");
        if (at < 0) {
            throw new IllegalStateException("preparing Jenkins failed:\n" + out);
        }
        String secret = out.substring(at + "SECRET ".length()).strip();
        startAgent(secret);
    }

    /** Starts an inbound agent on this machine with the agent.jar Jenkins serves, and waits until it is online. */
    private void startAgent(String secret) throws IOException {
        Session s = admin();
        if (!s.get("computer/" + AGENT + "/api/json").json().path("offline").asBoolean(true)) {
            return;
        }
        Path jar = work.resolve("agent.jar");
        Files.write(jar, s.get("jnlpJars/agent.jar").bytes());
        Path dir = Files.createDirectories(work.resolve("agent"));
        agent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "-url",
                        root.toString(),
                        "-secret",
                        secret,
                        "-name",
                        AGENT,
                        "-workDir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("agent.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(agent::destroy));
        awaitAgent(s);
    }

    void awaitAgent(Session s) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!s.get("computer/" + AGENT + "/api/json").json().path("offline").asBoolean(true)) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(
                "the inbound agent did not connect within 90 s; see " + work.resolve("agent.log"));
    }

    /** Restarts the Jenkins under test with the configured command and waits until it answers again. */
    void restart() {
        assumeTrue(
                restartCommand != null && !restartCommand.isBlank(),
                "RELGOV_E2E_RESTART is not set: the restart tests are skipped");
        Session s = admin();
        String before = s.get("api/json")
                .raw()
                .headers()
                .firstValue("X-Jenkins-Session")
                .orElse("");
        try {
            Process p =
                    new ProcessBuilder("sh", "-c", restartCommand).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the restart command failed: " + restartCommand);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            try {
                Session.Answer a = admin().get("api/json");
                String session =
                        a.raw().headers().firstValue("X-Jenkins-Session").orElse("");
                if (a.status() == 200 && !session.equals(before)) {
                    awaitAgent(admin());
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // still starting
            }
            sleep(Duration.ofSeconds(2));
        }
        throw new IllegalStateException("Jenkins did not come back within 5 minutes of the restart");
    }

    static JsonNode json(String text) {
        try {
            return Session.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = LiveJenkins.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The signing key is made by the real openssl, as an administrator would make it. */
    private static String openssl(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("openssl"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

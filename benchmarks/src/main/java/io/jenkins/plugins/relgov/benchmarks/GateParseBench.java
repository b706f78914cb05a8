package io.jenkins.plugins.relgov.benchmarks;

import io.jenkins.plugins.relgov.FileNames;
import io.jenkins.plugins.relgov.report.Findings;
import io.jenkins.plugins.relgov.report.JUnitParser;
import io.jenkins.plugins.relgov.report.SarifParser;
import io.jenkins.plugins.relgov.report.TestResults;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Report parsing throughput, driven by {@code benchmarks/gate-parse-bench.sh}:
 * <pre>
 * GateParseBench generate DIR            writes DIR/junit-100k.xml and DIR/sarif-20k.sarif
 * GateParseBench junit|sarif FILE RUNS   parses FILE RUNS times after warm-up; prints MB/s and peak heap
 * </pre>
 * Run it with a small {@code -Xmx} to show that parsing streams.
 */
public final class GateParseBench {
    private GateParseBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("generate")) {
            Path dir = Path.of(args[1]);
            junit(dir.resolve("junit-100k.xml"), 100_000);
            sarif(dir.resolve("sarif-20k.sarif"), 20_000);
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: GateParseBench generate DIR | (junit|sarif) FILE RUNS");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        boolean junit = args[0].equals("junit");
        String check = "";
        for (int i = 0; i < 3; i++) { // warm-up: let the JIT compile the parser
            check = parse(junit, file);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            check = parse(junit, file);
            best = Math.min(best, System.nanoTime() - t0);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        double mb = Files.size(file) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "%.1f MB in %.3f s = %.1f MB/s; peak heap %.1f MB of max %.0f MB; %s%n",
                mb,
                best / 1e9,
                mb / (best / 1e9),
                peak / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6,
                check);
    }

    private static String parse(boolean junit, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            if (junit) {
                TestResults r = JUnitParser.parse(in, FileNames.of(file));
                return r.tests() + " tests, " + r.failures() + " failed, " + r.errors() + " errored, " + r.skipped()
                        + " skipped";
            }
            Findings f = SarifParser.parse(in, FileNames.of(file));
            return f.total() + " results " + f.counts();
        }
    }

    /** Surefire-shaped suites of 100 cases; every 50th fails, every 200th errors, every 100th is skipped. */
    private static void junit(Path file, int cases) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bench\">\n");
            for (int s = 0; s < cases / 100; s++) {
                w.write("<testsuite name=\"com.example.Suite" + s + "\" tests=\"100\" time=\"1.5\">\n");
                w.write("  <properties><property name=\"java.version\" value=\"17.0.15\"/></properties>\n");
                for (int c = 0; c < 100; c++) {
                    int n = s * 100 + c;
                    w.write("  <testcase name=\"test" + n + "_does_something_useful\" classname=\"com.example.Suite" + s
                            + "\" time=\"0.015\">");
                    if (n % 200 == 199) {
                        w.write("<error message=\"boom\" type=\"java.lang.IllegalStateException\"><![CDATA["
                                + "java.lang.IllegalStateException: boom\n\tat com.example.Service.run(Service.java:42)\n"
                                + "\tat com.example.Suite" + s + ".test" + n + "(Suite.java:17)\n]]></error>");
                    } else if (n % 50 == 49) {
                        w.write("<failure message=\"expected: &lt;1&gt; but was: &lt;2&gt;\" type=\"org.opentest4j."
                                + "AssertionFailedError\"><![CDATA[org.opentest4j.AssertionFailedError: expected: <1>"
                                + " but was: <2>\n\tat org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)\n"
                                + "\tat com.example.Suite" + s + ".test" + n + "(Suite.java:23)\n]]></failure>");
                    } else if (n % 100 == 0) {
                        w.write("<skipped message=\"disabled\"/>");
                    } else {
                        w.write("<system-out><![CDATA[INFO starting test " + n
                                + " with a line of log output\n]]></system-out>");
                    }
                    w.write("</testcase>\n");
                }
                w.write("</testsuite>\n");
            }
            w.write("</testsuites>\n");
        }
    }

    /** A Trivy-shaped SARIF log: 500 rules with security-severity, results pointing at them by ruleIndex. */
    private static void sarif(Path file, int results) throws IOException {
        Random random = new Random(42);
        int rules = 500;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(
                    "{\n  \"version\": \"2.1.0\",\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                            + "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"Trivy\", \"version\": \"0.56.1\", \"rules\": [\n");
            for (int r = 0; r < rules; r++) {
                double score = Math.round(random.nextDouble() * 100) / 10.0;
                w.write("      {\"id\": \"CVE-2024-" + (10000 + r) + "\", \"name\": \"OsPackageVulnerability\","
                        + " \"shortDescription\": {\"text\": \"A vulnerability in package " + r + "\"},"
                        + " \"fullDescription\": {\"text\": \"A longer description of the vulnerability, as Trivy writes it.\"},"
                        + " \"defaultConfiguration\": {\"level\": \"error\"}, \"helpUri\": \"https://avd.aquasec.com/nvd/cve-2024-"
                        + (10000 + r) + "\", \"properties\": {\"precision\": \"very-high\", \"security-severity\": \""
                        + score + "\", \"tags\": [\"vulnerability\", \"security\"]}}" + (r + 1 < rules ? "," : "")
                        + "\n");
            }
            w.write("    ]}},\n    \"results\": [\n");
            for (int i = 0; i < results; i++) {
                int r = random.nextInt(rules);
                w.write("      {\"ruleId\": \"CVE-2024-" + (10000 + r) + "\", \"ruleIndex\": " + r
                        + ", \"level\": \"error\","
                        + " \"message\": {\"text\": \"Package: lib" + r + "\\nInstalled Version: 1.0." + i
                        + "\\nVulnerability CVE-2024-" + (10000 + r) + "\\nFixed Version: 1.1.0\"},"
                        + " \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"app/requirements.txt\","
                        + " \"uriBaseId\": \"ROOTPATH\"}, \"region\": {\"startLine\": 1, \"startColumn\": 1, \"endLine\": 1,"
                        + " \"endColumn\": 1}}, \"message\": {\"text\": \"app/requirements.txt: lib" + r + "@1.0." + i
                        + "\"}}]}"
                        + (i + 1 < results ? "," : "") + "\n");
            }
            w.write("    ],\n    \"columnKind\": \"utf16CodeUnits\"\n  }]\n}\n");
        }
    }
}

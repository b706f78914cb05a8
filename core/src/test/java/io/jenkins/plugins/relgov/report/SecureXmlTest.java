package io.jenkins.plugins.relgov.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks, as tests: XXE (file and network), billion laughs, an external DTD that must not be fetched,
 * and markup too large to hold in memory.
 */
class SecureXmlTest {

    @Test
    void xxeFileEntityIsRefusedAndNothingLeaks(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-VALUE");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<testsuite><testcase classname=\"&xxe;\" name=\"t\"><failure/></testcase></testsuite>";
        assertThatThrownBy(() -> Fixtures.parseText(xml, JUnitParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("inline.xml line 3")
                .hasMessageContaining("xxe")
                .hasMessageNotContaining("TOP-SECRET-VALUE");
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        xml.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            xml.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<testsuites><testsuite name=\"&lol9;\"/></testsuites>");
        assertThatThrownBy(() -> Fixtures.parseText(xml.toString(), JUnitParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("lol9")
                .hasMessageContaining("malformed XML");
    }

    @Test
    void externalDtdIsNeverFetchedButTheDeclarationIsAccepted() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "<!ENTITY x \"y\">".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/coverage-04.dtd";
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM \"" + url + "\">\n"
                    + "<coverage lines-covered=\"9\" lines-valid=\"10\"/>";
            CoverageReport r = Fixtures.parseText(xml, CoverageParser::parse);
            assertThat(r.line()).isEqualTo(new Ratio(9, 10));
            // and an entity the external DTD would declare stays undeclared
            String withEntity = "<!DOCTYPE coverage SYSTEM \"" + url
                    + "\">\n<coverage lines-covered=\"1\" lines-valid=\"1\">&x;</coverage>";
            assertThatThrownBy(() -> Fixtures.parseText(withEntity, CoverageParser::parse))
                    .isInstanceOf(ReportException.class);
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void parameterEntityXxeIsRefusedWithoutFetching() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            String xml = "<!DOCTYPE report [<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;]>\n<report name='r'/>";
            try {
                Fixtures.parseText(xml, CoverageParser::parse);
            } catch (ReportException refused) {
                // refusing is fine too; what matters is that nothing was fetched
            }
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUndeclaredEntityWithoutDoctypeIsAnErrorNotSilentlyDropped() {
        assertThatThrownBy(() ->
                        Fixtures.parseText("<testsuite><testcase name=\"&foo;\"/></testsuite>", JUnitParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("\"foo\" was referenced, but not declared");
        // the five predefined entities and character references still work
        TestResults r = Fixtures.parseText(
                "<testsuite><testcase classname=\"a&amp;b&#x41;\" name=\"&lt;x&gt;\"><failure/></testcase></testsuite>",
                JUnitParser::parse);
        assertThat(r.failing()).containsExactly("a&bA.<x>");
    }

    @Test
    void deeplyNestedJsonIsRefusedByJacksonLimits() {
        String bomb = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"t\"}},\"properties\":"
                + "[".repeat(5_000) + "]".repeat(5_000) + "}]}";
        assertThatThrownBy(() -> Fixtures.parseText(bomb, SarifParser::parse))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aHugeAttributeIsRefusedWithFileAndLineBeforeItIsHeld() {
        HugeMarkup report = HugeMarkup.attribute(200L << 20);
        assertThatThrownBy(() -> JUnitParser.parse(report, "huge.xml"))
                .isInstanceOf(ReportException.class)
                .hasMessageStartingWith("huge.xml line 3: more than 4 MiB of markup in one piece starting here")
                .hasNoCause();
        // refused after reading about the limit, not the 200 MB
        assertThat(report.consumed()).isLessThan(SecureXml.MAX_STEP_BYTES + (1 << 20));
    }

    @Test
    void aHugeCommentProcessingInstructionOrDoctypeIsRefusedToo() {
        long size = 50L << 20;
        List<HugeMarkup> hostile = List.of(
                new HugeMarkup("<testsuite>\n<!--", size, 'c', "-->\n</testsuite>"),
                new HugeMarkup("<testsuite>\n<?pi ", size, 'p', "?>\n</testsuite>"),
                new HugeMarkup("<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [", size, ' ', "]>\n<testsuite/>"),
                new HugeMarkup("<testsuite>\n<testcase ", size / 8, ' ', "name=\"t\"/>\n</testsuite>"));
        for (HugeMarkup report : hostile) {
            assertThatThrownBy(() -> JUnitParser.parse(report, "huge.xml"))
                    .isInstanceOf(ReportException.class)
                    .hasMessageContaining("huge.xml line ")
                    .hasMessageContaining("more than 4 MiB of markup in one piece");
            assertThat(report.consumed()).isLessThan(SecureXml.MAX_STEP_BYTES + (1 << 20));
        }
    }

    @Test
    void largeTestOutputInTextOrCdataStillStreams() {
        // Surefire writes test output as CDATA; tens of MB of it is a real report, read in chunks
        long size = 40L << 20;
        TestResults cdata = JUnitParser.parse(
                new HugeMarkup(
                        "<testsuite><testcase name=\"t\"><system-out><![CDATA[",
                        size,
                        'o',
                        "]]></system-out></testcase></testsuite>"),
                "big.xml");
        TestResults text = JUnitParser.parse(
                new HugeMarkup(
                        "<testsuite><testcase name=\"t\"><system-out>",
                        size,
                        'o',
                        "</system-out></testcase></testsuite>"),
                "big.xml");
        assertThat(cdata.tests()).isEqualTo(1);
        assertThat(text.tests()).isEqualTo(1);
    }

    @Test
    void underA32MegabyteHeapA200MegabyteAttributeIsAMessageNotAnOutOfMemoryError() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HugeMarkup.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output)
                .startsWith("REFUSED huge.xml line 3: more than 4 MiB of markup")
                .doesNotContain("Error");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void libraryWordingIsReplacedByASentence() {
        assertThatThrownBy(() -> Fixtures.parseText(
                        "<testsuite><testcase name=\"a\" name=\"b\"/></testsuite>", JUnitParser::parse))
                .hasMessage("inline.xml line 1: malformed XML: attribute 'name' appears twice in <testcase>");
        String longName = "<testsuite><" + "x".repeat(2000) + "/></testsuite>";
        assertThatThrownBy(() -> Fixtures.parseText(longName, JUnitParser::parse))
                .hasMessageStartingWith("inline.xml line 1: malformed XML: ")
                .hasMessageNotContaining("JAXP");
    }
}

package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Streams a JUnit / Surefire XML report ({@code <testsuite>} or {@code <testsuites>} root). */
public final class JUnitParser {
    private JUnitParser() {}

    public static TestResults parse(InputStream in, String file) {
        SecureXml.Body<TestResults> count = (xml, f) -> count(xml);
        return SecureXml.read(
                in,
                file,
                "JUnit report",
                ", expected <testsuite> or <testsuites>",
                Map.of("testsuite", count, "testsuites", count));
    }

    private static TestResults count(XMLStreamReader xml) throws XMLStreamException {
        long tests = 0;
        long failures = 0;
        long errors = 0;
        long skipped = 0;
        List<String> failing = new ArrayList<>();
        int depth = 1;
        int caseDepth = -1; // depth of the open <testcase>, -1 outside one
        String caseName = null;
        char outcome = 'p';
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
                String name = xml.getLocalName();
                if (caseDepth < 0 && name.equals("testcase")) {
                    caseDepth = depth;
                    String cls = xml.getAttributeValue(null, "classname");
                    String n = xml.getAttributeValue(null, "name");
                    caseName = (cls == null || cls.isEmpty() ? "" : cls + ".") + (n == null ? "?" : n);
                    outcome = 'p';
                } else if (depth == caseDepth + 1) {
                    // error beats failure beats skipped, whatever their order in the file
                    if (name.equals("error")) {
                        outcome = 'e';
                    } else if (name.equals("failure") && outcome != 'e') {
                        outcome = 'f';
                    } else if (name.equals("skipped") && outcome == 'p') {
                        outcome = 's';
                    }
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                if (depth == caseDepth) {
                    tests++;
                    switch (outcome) {
                        case 'e' -> errors++;
                        case 'f' -> failures++;
                        case 's' -> skipped++;
                        default -> {}
                    }
                    if ((outcome == 'e' || outcome == 'f') && failing.size() < TestResults.KEEP) {
                        failing.add(caseName);
                    }
                    caseDepth = -1;
                }
                depth--;
            }
        }
        return new TestResults(tests, failures, errors, skipped, failing);
    }
}

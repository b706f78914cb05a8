package io.jenkins.plugins.relgov.report;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * StAX readers that accept a DOCTYPE declaration (real JaCoCo and Cobertura reports carry one) but never
 * load a DTD nor expand an entity declared in one: an XXE or billion-laughs file fails on the first
 * reference to such an entity, as an undeclared entity.
 *
 * <p>Memory is bounded too. The JDK's StAX parser holds a whole token before it returns it, and no
 * {@code jdk.xml.*} limit bounds an attribute value, a comment, a processing instruction or the DOCTYPE
 * (those limits bound entity expansion, names, attribute counts and depth). So every step of the parser
 * may read at most {@link #MAX_STEP_BYTES}: text and CDATA come back in chunks far below that (CDATA
 * through {@code jdk.xml.cdataChunkSize}), and anything longer is refused, naming the line where it
 * starts, before it is allocated.
 */
final class SecureXml {
    /** The most one parser step may read: a tag with its attributes, a comment, a DOCTYPE. */
    static final int MAX_STEP_BYTES = 4 << 20;

    private static final int CDATA_CHUNK = 64 << 10;
    private static final Pattern JAXP_CODE = Pattern.compile("^JAXP\\d+:\\s*");
    private static final Pattern DUPLICATE_ATTRIBUTE = Pattern.compile("^\\S*#AttributeNotUnique\\?(.*)&(.*)$");
    private static final XMLInputFactory FACTORY = create();

    private SecureXml() {}

    private static XMLInputFactory create() {
        // The JDK's own implementation, whatever else is on the class path, so that these properties hold.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty("jdk.xml.cdataChunkSize", CDATA_CHUNK); // a large CDATA section (test output) streams
        return f;
    }

    static XMLStreamReader open(InputStream in, String file) {
        StepBudget budget = new StepBudget(in);
        try {
            return new Bounded(FACTORY.createXMLStreamReader(budget), budget);
        } catch (XMLStreamException e) {
            throw error(file, e, budget);
        }
    }

    /** Advances to the root element and returns its local name. */
    static String root(XMLStreamReader xml, String file) {
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamReader.START_ELEMENT) {
                    return xml.getLocalName();
                }
            }
        } catch (XMLStreamException e) {
            throw error(file, e, xml);
        }
        throw new ReportException(file, "empty document: no root element");
    }

    /** Reads a document's body once the reader stands on its root element. */
    @FunctionalInterface
    interface Body<T> {
        T read(XMLStreamReader xml, String file) throws XMLStreamException;
    }

    /**
     * Opens {@code in} securely, finds the root element and hands the reader to the body registered for it;
     * any other root is refused as "not a {@code format}: the root element is <x>{@code expected}".
     */
    static <T> T read(InputStream in, String file, String format, String expected, Map<String, Body<T>> bodies) {
        XMLStreamReader xml = open(in, file);
        try {
            String root = root(xml, file);
            Body<T> body = bodies.get(root);
            if (body == null) {
                throw new ReportException(
                        file,
                        xml.getLocation().getLineNumber(),
                        "not a " + format + ": the root element is <" + root + ">" + expected,
                        null);
            }
            return body.read(xml, file);
        } catch (XMLStreamException e) {
            throw error(file, e, xml);
        } finally {
            close(xml);
        }
    }

    private static ReportException error(String file, XMLStreamException e, XMLStreamReader xml) {
        return error(file, e, xml instanceof Bounded b ? b.budget : null);
    }

    /** The JDK keeps only the message of an IOException from the stream, so the budget says whether it ran out. */
    private static ReportException error(String file, XMLStreamException e, StepBudget budget) {
        if (budget != null && budget.exceeded != null) {
            return new ReportException(file, budget.exceeded.line, budget.exceeded.getMessage(), null);
        }
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        return new ReportException(file, line, "malformed XML: " + readable(e.getMessage()), e);
    }

    /** The JDK's message as a person reads it: no "ParseError at [row,col]" prefix, no JAXP code, no spec URL. */
    static String readable(String message) {
        String msg = message == null ? "" : message;
        int at = msg.indexOf("Message: ");
        if (at >= 0) {
            msg = msg.substring(at + "Message: ".length());
        }
        msg = JAXP_CODE.matcher(msg.strip()).replaceFirst("");
        Matcher duplicate = DUPLICATE_ATTRIBUTE.matcher(msg);
        if (duplicate.matches()) {
            return "attribute '" + duplicate.group(2) + "' appears twice in <" + duplicate.group(1) + ">";
        }
        return msg;
    }

    static void close(XMLStreamReader xml) {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // closing a reader over a stream the caller owns; nothing to report
        }
    }

    static long longAttr(XMLStreamReader xml, String name, String file) {
        String v = xml.getAttributeValue(null, name);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ReportException(
                    file,
                    xml.getLocation().getLineNumber(),
                    "attribute " + name + "=\"" + v + "\" of <" + xml.getLocalName() + "> is not a whole number",
                    e);
        }
    }

    /** More than {@link #MAX_STEP_BYTES} read for one parser step. */
    private static final class Oversized extends IOException {
        final int line;

        Oversized(int line) {
            super("more than " + (MAX_STEP_BYTES >> 20) + " MiB of markup in one piece starting here (a tag with its"
                    + " attributes, a comment, a processing instruction or the DOCTYPE): refused rather than held in"
                    + " memory");
            this.line = line;
        }
    }

    /** Counts the bytes read since the parser's last step began. */
    private static final class StepBudget extends FilterInputStream {
        private long used;
        private int line = 1;
        private Oversized exceeded;

        StepBudget(InputStream in) {
            super(in);
        }

        void step(int startLine) {
            used = 0;
            line = startLine;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) throws Oversized {
            if (n > 0 && (used += n) > MAX_STEP_BYTES) {
                exceeded = new Oversized(line);
                throw exceeded;
            }
        }
    }

    /** Starts a new step budget whenever the parser is asked to move on. */
    private static final class Bounded extends StreamReaderDelegate {
        private final StepBudget budget;

        Bounded(XMLStreamReader reader, StepBudget budget) {
            super(reader);
            this.budget = budget;
        }

        private void step() {
            budget.step(Math.max(1, getLocation().getLineNumber()));
        }

        @Override
        public int next() throws XMLStreamException {
            step();
            return super.next();
        }

        @Override
        public int nextTag() throws XMLStreamException {
            step();
            return super.nextTag();
        }

        @Override
        public String getElementText() throws XMLStreamException {
            step();
            return super.getElementText();
        }
    }
}

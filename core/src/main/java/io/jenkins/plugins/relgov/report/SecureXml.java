package io.jenkins.plugins.relgov.report;

import java.io.InputStream;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX readers that accept a DOCTYPE declaration (real JaCoCo and Cobertura reports carry one) but never
 * load a DTD nor expand an entity declared in one: an XXE or billion-laughs file fails on the first
 * reference to such an entity, as an undeclared entity.
 */
final class SecureXml {
    private static final XMLInputFactory FACTORY = create();

    private SecureXml() {
    }

    private static XMLInputFactory create() {
        // The JDK's own implementation, whatever else is on the class path, so that these properties hold.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    static XMLStreamReader open(InputStream in, String file) {
        try {
            return FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw error(file, e);
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
            throw error(file, e);
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
                throw new ReportException(file, xml.getLocation().getLineNumber(),
                        "not a " + format + ": the root element is <" + root + ">" + expected, null);
            }
            return body.read(xml, file);
        } catch (XMLStreamException e) {
            throw error(file, e);
        } finally {
            close(xml);
        }
    }

    static ReportException error(String file, XMLStreamException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
        String msg = e.getMessage();
        // The JDK prefixes "ParseError at [row,col]:[1,2]\nMessage: "; keep only the message.
        int at = msg == null ? -1 : msg.indexOf("Message: ");
        if (at >= 0) {
            msg = msg.substring(at + "Message: ".length());
        }
        return new ReportException(file, line, "malformed XML: " + msg, e);
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
            throw new ReportException(file, xml.getLocation().getLineNumber(),
                    "attribute " + name + "=\"" + v + "\" of <" + xml.getLocalName() + "> is not a whole number", e);
        }
    }
}

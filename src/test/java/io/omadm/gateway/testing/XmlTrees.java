package io.omadm.gateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;

/**
 * Compares XML documents as trees: element names and namespaces, text content (CDATA or not), order. Whitespace
 * between elements, prefixes, the XML declaration and a DOCTYPE (never fetched) do not count.
 */
public final class XmlTrees {
    private XmlTrees() {
    }

    public static void assertSameTree(String expected, String actual) {
        Diff diff = DiffBuilder.compare(Input.fromString(expected))
                .withTest(Input.fromString(actual))
                .withDocumentBuilderFactory(offlineFactory())
                .ignoreWhitespace()
                .ignoreComments()
                .checkForSimilar()
                .build();
        if (diff.hasDifferences()) {
            fail("XML trees differ: " + diff + "\nexpected:\n" + expected + "\nactual:\n" + actual);
        }
    }

    private static DocumentBuilderFactory offlineFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        try {
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return f;
    }
}

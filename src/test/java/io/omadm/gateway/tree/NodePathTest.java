package io.omadm.gateway.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodePathTest {

    @Test
    void absoluteRelativeAndRootFormsNameTheSameNodes() {
        assertEquals(NodePath.of("./DevInfo/DevId"), NodePath.of("DevInfo/DevId"));
        assertEquals(NodePath.ROOT, NodePath.of("."));
        assertEquals(NodePath.of("./DMAcc"), NodePath.of("./DMAcc/"));
        assertEquals("./DevInfo/DevId", NodePath.of("DevInfo/DevId").toString());
        assertEquals("DevId", NodePath.of("./DevInfo/DevId").name());
        assertEquals(NodePath.of("./DevInfo"), NodePath.of("./DevInfo/DevId").parent());
    }

    @Test
    void emptyDotAndDotDotSegmentsAreInvalid() {
        for (String bad : new String[] {"", "./a//b", "./a/../b", "./a/./b", "/abs", "./a?b", "x".repeat(2000)}) {
            assertTrue(NodePath.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void urisCarryPropertyOrListQueries() {
        TreeUri prop = TreeUri.parse("./DMAcc/x?prop=ACL").orElseThrow();
        assertEquals(NodePath.of("./DMAcc/x"), prop.path());
        assertEquals("ACL", prop.property());
        assertEquals("StructData", TreeUri.parse("./DevInfo?list=StructData").orElseThrow().list());
        assertTrue(TreeUri.parse("./a?foo=bar").isEmpty());
    }
}

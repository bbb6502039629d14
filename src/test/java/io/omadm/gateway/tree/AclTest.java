package io.omadm.gateway.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AclTest {

    @Test
    void parsesTheSpecExampleAndChecksRightsPerServer() {
        Acl acl = Acl.parse("Add=srv1&Delete=srv1&Replace=srv1+srv2&Get=*").orElseThrow();
        assertTrue(acl.allows(AclCommand.REPLACE, "srv2"));
        assertTrue(acl.allows(AclCommand.GET, "anyone"));
        assertFalse(acl.allows(AclCommand.DELETE, "srv2"));
        assertFalse(acl.allows(AclCommand.EXEC, "srv1"));
        assertEquals(acl, Acl.parse(acl.toString()).orElseThrow());
    }

    @Test
    void emptyMeansInheritAndWritesAsEmpty() {
        assertTrue(Acl.parse("").orElseThrow().isEmpty());
        assertEquals("", Acl.EMPTY.toString());
    }

    @Test
    void breakingTheGrammarIsRejected() {
        for (String bad : new String[] {"Get", "Get=", "Fetch=srv", "Get=a b", "Get=a=b", "Get=a++b", "&Get=a",
            "Get=a&", "Get=a*"}) {
            assertTrue(Acl.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void removingAServerLeavesStarWhereNoIdRemains() {
        Acl acl = Acl.parse("Get=srv1&Replace=srv1+srv2").orElseThrow().withoutServer("srv1");
        assertEquals("Get=*&Replace=srv2", acl.toString());
    }
}

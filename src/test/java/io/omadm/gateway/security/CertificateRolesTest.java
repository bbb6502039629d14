package io.omadm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The role a client certificate's name is given, and the names that get none. */
class CertificateRolesTest {

    private final CertificateRoles roles = new CertificateRoles(Map.of("scada-1", "operator", "Historian", "viewer"));

    @Test
    void theCommonNameChoosesTheRoleWhateverItsCase() {
        assertEquals(Optional.of(Role.OPERATOR), roles.role(new X500Principal("CN=scada-1, OU=Machines, O=Plant"),
                "10.0.0.5"));
        assertEquals(Optional.of(Role.VIEWER), roles.role(new X500Principal("CN=historian, O=Plant"), "10.0.0.6"));
    }

    @Test
    void aNameNotListedOrNoNameAtAllGetsNoRole() {
        assertTrue(roles.role(new X500Principal("CN=scada-2, O=Plant"), "10.0.0.7").isEmpty());
        assertTrue(roles.role(new X500Principal("OU=scada-1, O=Plant"), "10.0.0.7").isEmpty(),
                "an OU that looks like a listed name is not a CN");
        assertTrue(new CertificateRoles(Map.of()).role(new X500Principal("CN=scada-1"), "10.0.0.7").isEmpty(),
                "no names listed: no role for anyone");
    }

    @Test
    void theMostSpecificCommonNameCounts() {
        assertEquals(Optional.of("scada-1"), CertificateRoles.commonName(
                new X500Principal("CN=scada-1, CN=Plant Machines, O=Plant")));
    }

    @Test
    void aRoleThatIsNotOneIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CertificateRoles(Map.of("scada-1", "root")));
        assertTrue(e.getMessage().contains("scada-1") && e.getMessage().contains("'root' is not a role"),
                e.getMessage());
    }
}

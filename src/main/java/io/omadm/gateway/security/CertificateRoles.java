package io.omadm.gateway.security;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Machines that sign in with a client certificate (mutual TLS on the HTTPS port): the role of each is named by the
 * site, by the certificate subject's common name ({@code gateway.security.certificate-roles.<CN>=<role>}). A
 * certificate the TLS layer accepted (signed by {@code gateway.tls.client-ca-file}) but whose name is not listed gets
 * no role: being trusted by the CA is not enough to operate the gateway.
 */
public final class CertificateRoles {

    private static final Logger LOG = Logger.getLogger(CertificateRoles.class.getName());

    private final Map<String, Role> byCommonName = new HashMap<>();

    /** @throws IllegalArgumentException naming the entry whose role is not viewer, operator or admin */
    public CertificateRoles(Map<String, String> roleByCommonName) {
        roleByCommonName.forEach((cn, role) -> byCommonName.put(cn.toLowerCase(Locale.ROOT), Role.parse(role)
                .orElseThrow(() -> new IllegalArgumentException("gateway.security.certificate-roles.\"" + cn
                        + "\": '" + role + "' is not a role (viewer, operator, admin)"))));
    }

    /** The role of the certificate with this subject; empty (and logged) when its name is not listed. */
    public Optional<Role> role(X500Principal subject, String address) {
        Optional<String> cn = commonName(subject);
        Optional<Role> role = cn.map(n -> byCommonName.get(n.toLowerCase(Locale.ROOT)));
        if (role.isEmpty()) {
            LOG.warning("client certificate '" + subject.getName() + "' from " + address
                    + " refused: its name has no role in gateway.security.certificate-roles");
        }
        return role;
    }

    /** The subject's CN (the most specific one, when there are several). */
    public static Optional<String> commonName(X500Principal subject) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(subject.getName()).getRdns()) { // least specific first
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return Optional.ofNullable(cn);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}

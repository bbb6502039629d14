package io.omadm.gateway.tree;

/** The commands an ACL grants (spec notes §5.6); Copy has no entry of its own. */
public enum AclCommand {
    ADD("Add"), DELETE("Delete"), EXEC("Exec"), GET("Get"), REPLACE("Replace");

    private final String aclName;

    AclCommand(String aclName) {
        this.aclName = aclName;
    }

    public String aclName() {
        return aclName;
    }

    static AclCommand byAclName(String name) {
        for (AclCommand c : values()) {
            if (c.aclName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}

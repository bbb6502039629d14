package io.omadm.gateway.syncml.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * Every element the DM codecs know, with its WBXML code page and token (spec notes §6.2-6.4; the same tables as
 * libwbxml and the AOSP DM engine). Names repeat across pages (Format is MetInf and DDF), so constants of page 1
 * start with META_ and those of page 2 with DDF_.
 */
public enum Tag {
    ADD(CodePage.SYNCML, 0x05, "Add"),
    ALERT(CodePage.SYNCML, 0x06, "Alert"),
    ARCHIVE(CodePage.SYNCML, 0x07, "Archive"),
    ATOMIC(CodePage.SYNCML, 0x08, "Atomic"),
    CHAL(CodePage.SYNCML, 0x09, "Chal"),
    CMD(CodePage.SYNCML, 0x0A, "Cmd"),
    CMD_ID(CodePage.SYNCML, 0x0B, "CmdID"),
    CMD_REF(CodePage.SYNCML, 0x0C, "CmdRef"),
    COPY(CodePage.SYNCML, 0x0D, "Copy"),
    CRED(CodePage.SYNCML, 0x0E, "Cred"),
    DATA(CodePage.SYNCML, 0x0F, "Data"),
    DELETE(CodePage.SYNCML, 0x10, "Delete"),
    EXEC(CodePage.SYNCML, 0x11, "Exec"),
    FINAL(CodePage.SYNCML, 0x12, "Final"),
    GET(CodePage.SYNCML, 0x13, "Get"),
    ITEM(CodePage.SYNCML, 0x14, "Item"),
    LANG(CodePage.SYNCML, 0x15, "Lang"),
    LOC_NAME(CodePage.SYNCML, 0x16, "LocName"),
    LOC_URI(CodePage.SYNCML, 0x17, "LocURI"),
    MAP(CodePage.SYNCML, 0x18, "Map"),
    MAP_ITEM(CodePage.SYNCML, 0x19, "MapItem"),
    META(CodePage.SYNCML, 0x1A, "Meta"),
    MSG_ID(CodePage.SYNCML, 0x1B, "MsgID"),
    MSG_REF(CodePage.SYNCML, 0x1C, "MsgRef"),
    NO_RESP(CodePage.SYNCML, 0x1D, "NoResp"),
    NO_RESULTS(CodePage.SYNCML, 0x1E, "NoResults"),
    PUT(CodePage.SYNCML, 0x1F, "Put"),
    REPLACE(CodePage.SYNCML, 0x20, "Replace"),
    RESP_URI(CodePage.SYNCML, 0x21, "RespURI"),
    RESULTS(CodePage.SYNCML, 0x22, "Results"),
    SEARCH(CodePage.SYNCML, 0x23, "Search"),
    SEQUENCE(CodePage.SYNCML, 0x24, "Sequence"),
    SESSION_ID(CodePage.SYNCML, 0x25, "SessionID"),
    SFT_DEL(CodePage.SYNCML, 0x26, "SftDel"),
    SOURCE(CodePage.SYNCML, 0x27, "Source"),
    SOURCE_REF(CodePage.SYNCML, 0x28, "SourceRef"),
    STATUS(CodePage.SYNCML, 0x29, "Status"),
    SYNC(CodePage.SYNCML, 0x2A, "Sync"),
    SYNC_BODY(CodePage.SYNCML, 0x2B, "SyncBody"),
    SYNC_HDR(CodePage.SYNCML, 0x2C, "SyncHdr"),
    SYNC_ML(CodePage.SYNCML, 0x2D, "SyncML"),
    TARGET(CodePage.SYNCML, 0x2E, "Target"),
    TARGET_REF(CodePage.SYNCML, 0x2F, "TargetRef"),
    VER_DTD(CodePage.SYNCML, 0x31, "VerDTD"),
    VER_PROTO(CodePage.SYNCML, 0x32, "VerProto"),
    NUMBER_OF_CHANGES(CodePage.SYNCML, 0x33, "NumberOfChanges"),
    MORE_DATA(CodePage.SYNCML, 0x34, "MoreData"),
    CORRELATOR(CodePage.SYNCML, 0x3C, "Correlator"),
    META_ANCHOR(CodePage.METINF, 0x05, "Anchor"),
    META_EMI(CodePage.METINF, 0x06, "EMI"),
    META_FORMAT(CodePage.METINF, 0x07, "Format"),
    META_FREE_ID(CodePage.METINF, 0x08, "FreeID"),
    META_FREE_MEM(CodePage.METINF, 0x09, "FreeMem"),
    META_LAST(CodePage.METINF, 0x0A, "Last"),
    META_MARK(CodePage.METINF, 0x0B, "Mark"),
    META_MAX_MSG_SIZE(CodePage.METINF, 0x0C, "MaxMsgSize"),
    META_MEM(CodePage.METINF, 0x0D, "Mem"),
    META_MET_INF(CodePage.METINF, 0x0E, "MetInf"),
    META_NEXT(CodePage.METINF, 0x0F, "Next"),
    META_NEXT_NONCE(CodePage.METINF, 0x10, "NextNonce"),
    META_SHARED_MEM(CodePage.METINF, 0x11, "SharedMem"),
    META_SIZE(CodePage.METINF, 0x12, "Size"),
    META_TYPE(CodePage.METINF, 0x13, "Type"),
    META_VERSION(CodePage.METINF, 0x14, "Version"),
    META_MAX_OBJ_SIZE(CodePage.METINF, 0x15, "MaxObjSize"),
    DDF_ACCESS_TYPE(CodePage.DDF, 0x05, "AccessType"),
    DDF_ACL(CodePage.DDF, 0x06, "ACL"),
    DDF_ADD(CodePage.DDF, 0x07, "Add"),
    DDF_B64(CodePage.DDF, 0x08, "b64"),
    DDF_BIN(CodePage.DDF, 0x09, "bin"),
    DDF_BOOL(CodePage.DDF, 0x0A, "bool"),
    DDF_CHR(CodePage.DDF, 0x0B, "chr"),
    DDF_CASE_SENSE(CodePage.DDF, 0x0C, "CaseSense"),
    DDF_CIS(CodePage.DDF, 0x0D, "CIS"),
    DDF_COPY(CodePage.DDF, 0x0E, "Copy"),
    DDF_CS(CodePage.DDF, 0x0F, "CS"),
    DDF_DATE(CodePage.DDF, 0x10, "date"),
    DDF_DDF_NAME(CodePage.DDF, 0x11, "DDFName"),
    DDF_DEFAULT_VALUE(CodePage.DDF, 0x12, "DefaultValue"),
    DDF_DELETE(CodePage.DDF, 0x13, "Delete"),
    DDF_DESCRIPTION(CodePage.DDF, 0x14, "Description"),
    DDF_DF_FORMAT(CodePage.DDF, 0x15, "DFFormat"),
    DDF_DF_PROPERTIES(CodePage.DDF, 0x16, "DFProperties"),
    DDF_DF_TITLE(CodePage.DDF, 0x17, "DFTitle"),
    DDF_DF_TYPE(CodePage.DDF, 0x18, "DFType"),
    DDF_DYNAMIC(CodePage.DDF, 0x19, "Dynamic"),
    DDF_EXEC(CodePage.DDF, 0x1A, "Exec"),
    DDF_FLOAT(CodePage.DDF, 0x1B, "float"),
    DDF_FORMAT(CodePage.DDF, 0x1C, "Format"),
    DDF_GET(CodePage.DDF, 0x1D, "Get"),
    DDF_INT(CodePage.DDF, 0x1E, "int"),
    DDF_MAN(CodePage.DDF, 0x1F, "Man"),
    DDF_MGMT_TREE(CodePage.DDF, 0x20, "MgmtTree"),
    DDF_MIME(CodePage.DDF, 0x21, "MIME"),
    DDF_MOD(CodePage.DDF, 0x22, "Mod"),
    DDF_NAME(CodePage.DDF, 0x23, "Name"),
    DDF_NODE(CodePage.DDF, 0x24, "Node"),
    DDF_NODE_FORMAT(CodePage.DDF, 0x25, "node"),
    DDF_NODE_NAME(CodePage.DDF, 0x26, "NodeName"),
    DDF_NULL_FORMAT(CodePage.DDF, 0x27, "null"),
    DDF_OCCURRENCE(CodePage.DDF, 0x28, "Occurrence"),
    DDF_ONE(CodePage.DDF, 0x29, "One"),
    DDF_ONE_OR_MORE(CodePage.DDF, 0x2A, "OneOrMore"),
    DDF_ONE_OR_N(CodePage.DDF, 0x2B, "OneOrN"),
    DDF_PATH(CodePage.DDF, 0x2C, "Path"),
    DDF_PERMANENT(CodePage.DDF, 0x2D, "Permanent"),
    DDF_REPLACE(CodePage.DDF, 0x2E, "Replace"),
    DDF_RT_PROPERTIES(CodePage.DDF, 0x2F, "RTProperties"),
    DDF_SCOPE(CodePage.DDF, 0x30, "Scope"),
    DDF_SIZE(CodePage.DDF, 0x31, "Size"),
    DDF_TIME(CodePage.DDF, 0x32, "time"),
    DDF_TITLE(CodePage.DDF, 0x33, "Title"),
    DDF_T_STAMP(CodePage.DDF, 0x34, "TStamp"),
    DDF_TYPE(CodePage.DDF, 0x35, "Type"),
    DDF_VALUE(CodePage.DDF, 0x36, "Value"),
    DDF_VER_DTD(CodePage.DDF, 0x37, "VerDTD"),
    DDF_VER_NO(CodePage.DDF, 0x38, "VerNo"),
    DDF_XML(CodePage.DDF, 0x39, "xml"),
    DDF_ZERO_OR_MORE(CodePage.DDF, 0x3A, "ZeroOrMore"),
    DDF_ZERO_OR_N(CodePage.DDF, 0x3B, "ZeroOrN"),
    DDF_ZERO_OR_ONE(CodePage.DDF, 0x3C, "ZeroOrOne");

    private static final Tag[][] BY_TOKEN = new Tag[CodePage.values().length][64];
    private static final Map<String, Tag>[] BY_NAME = newNameMaps();

    static {
        for (Tag t : values()) {
            BY_TOKEN[t.page.number()][t.token] = t;
            BY_NAME[t.page.number()].put(t.localName, t);
        }
    }

    private final CodePage page;
    private final int token;
    private final String localName;

    Tag(CodePage page, int token, String localName) {
        this.page = page;
        this.token = token;
        this.localName = localName;
    }

    public CodePage page() {
        return page;
    }

    /** The WBXML token without the content (0x40) and attribute (0x80) bits. */
    public int token() {
        return token;
    }

    public String localName() {
        return localName;
    }

    /** The tag for a WBXML token on a code page, or null when the page has no such token. */
    static Tag byToken(CodePage page, int token) {
        return token < 64 ? BY_TOKEN[page.number()][token] : null;
    }

    /** The tag for an element name on a code page, or null. */
    static Tag byName(CodePage page, String localName) {
        return BY_NAME[page.number()].get(localName);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tag>[] newNameMaps() {
        Map<String, Tag>[] maps = new Map[CodePage.values().length];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new HashMap<>();
        }
        return maps;
    }
}

package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;
import java.util.Set;

/**
 * The WBXML document types a DM message may declare (spec notes §6.1, libwbxml's table): the SyncML 1.2 DTD by
 * number (0x1201) or by its formal public identifier in the string table (as the AOSP engine writes it), the MetInf
 * 1.2 id some encoders use for whole messages (0x1202), and SyncML 1.1 for DM 1.1 clients.
 */
final class WbxmlPublicId {

    static final int SYNCML_1_2 = 0x1201;
    static final int METINF_1_2 = 0x1202;
    static final int SYNCML_1_1 = 0x0FD3;
    static final String SYNCML_1_2_FPI = "-//SYNCML//DTD SyncML 1.2//EN";
    /** TNDS has no registered number; libwbxml and peers name it in the string table. */
    static final String DM_DDF_1_2_FPI = "-//OMA//DTD-DM-DDF 1.2//EN";

    private static final Set<Integer> NUMERIC = Set.of(SYNCML_1_2, METINF_1_2, SYNCML_1_1);
    private static final Set<String> FORMAL = Set.of(
            SYNCML_1_2_FPI, "-//SYNCML//DTD MetInf 1.2//EN", "-//SYNCML//DTD SyncML 1.1//EN");

    private WbxmlPublicId() {
    }

    /**
     * @param fpi the string form when the numeric id is 0 (string table reference), else null
     * @param tnds whether the document is an embedded TNDS tree rather than a SyncML message
     */
    static void check(int numeric, String fpi, boolean tnds) throws SyncMLDecodeException {
        if (tnds) {
            if (!DM_DDF_1_2_FPI.equals(fpi)) {
                throw new SyncMLDecodeException(Problem.UNSUPPORTED,
                        "embedded WBXML public id is not '" + DM_DDF_1_2_FPI + "'");
            }
            return;
        }
        if (fpi != null ? FORMAL.contains(fpi) : NUMERIC.contains(numeric)) {
            return;
        }
        String declared = fpi != null ? "'" + fpi + "'" : String.format("0x%04X", numeric);
        throw new SyncMLDecodeException(Problem.UNSUPPORTED,
                "WBXML public id " + declared + " is not SyncML 1.2 (0x1201, '" + SYNCML_1_2_FPI + "')");
    }
}

package io.omadm.gateway.syncml.codec;

import java.util.regex.Pattern;

/**
 * A message could not be decoded. Checked on purpose: every decoder failure is a value the session layers turn into
 * an answer to the peer ({@link #httpStatus()}), never an unchecked surprise.
 */
public class SyncMLDecodeException extends Exception {

    /** Why decoding failed, which decides the answer. */
    public enum Problem {
        /** Not a well-formed SyncML DM document: HTTP 400. */
        MALFORMED(400),
        /** Well formed, but a version, public id, charset or construct we do not accept: HTTP 415. */
        UNSUPPORTED(415),
        /** Larger than the negotiated MaxMsgSize or a decoder limit: HTTP 413. */
        TOO_LARGE(413);

        private final int httpStatus;

        Problem(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    /** A Java class name in a library's message ("com.ctc.wstx.exc.WstxLazyException: "): not for the peer. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private final Problem problem;

    public SyncMLDecodeException(Problem problem, String message) {
        super(peerSafe(message));
        this.problem = problem;
    }

    public SyncMLDecodeException(Problem problem, String message, Throwable cause) {
        super(peerSafe(message), cause);
        this.problem = problem;
    }

    /**
     * The message as it may go back to the peer in an HTTP answer: without Java class names, and short (a message can
     * quote the peer's input).
     */
    private static String peerSafe(String message) {
        String m = message == null ? "unreadable" : CLASS_NAME.matcher(message).replaceAll("");
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    public Problem problem() {
        return problem;
    }

    public int httpStatus() {
        return problem.httpStatus();
    }
}

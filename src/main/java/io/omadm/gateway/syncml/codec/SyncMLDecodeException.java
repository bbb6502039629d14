package io.omadm.gateway.syncml.codec;

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

    private final Problem problem;

    public SyncMLDecodeException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public SyncMLDecodeException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int httpStatus() {
        return problem.httpStatus();
    }
}

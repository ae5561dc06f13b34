package dev.crumb;

/** The root of Crumb's exceptions: a session could not be sealed, written or read as asked. */
public class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message that says what failed and what to do. */
    public SessionException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}

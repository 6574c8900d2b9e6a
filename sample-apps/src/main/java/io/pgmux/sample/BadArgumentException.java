package io.pgmux.sample;

/** A command line that cannot be run; the message names the argument at fault. */
final class BadArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    BadArgumentException(String message) {
        super(message);
    }
}

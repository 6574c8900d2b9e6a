package io.pgmux.sample.boot;

/** A request that the bank's rules refuse (not an error: retrying it will not help). */
class RuleViolationException extends RuntimeException {

    RuleViolationException(String message) {
        super(message);
    }
}

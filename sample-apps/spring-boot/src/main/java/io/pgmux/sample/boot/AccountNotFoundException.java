package io.pgmux.sample.boot;

class AccountNotFoundException extends RuntimeException {

    AccountNotFoundException(long id) {
        super("no account with id " + id);
    }
}

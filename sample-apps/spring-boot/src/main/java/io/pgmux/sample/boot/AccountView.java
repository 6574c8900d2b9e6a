package io.pgmux.sample.boot;

public record AccountView(long id, String owner, long balance, long version) {

    static AccountView of(Account account) {
        return new AccountView(account.getId(), account.getOwner(), account.getBalance(), account.getVersion());
    }
}

package io.pgmux.sample.boot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class AccountService {

    private final AccountRepository accounts;
    private final int accountsPerOwner;

    AccountService(AccountRepository accounts, @Value("${sample.accounts-per-owner}") int accountsPerOwner) {
        this.accounts = accounts;
        this.accountsPerOwner = accountsPerOwner;
    }

    @Transactional(readOnly = true)
    public AccountView find(long id) {
        return AccountView.of(load(id));
    }

    @Transactional(readOnly = true)
    public Total total() {
        return new Total(accounts.count(), accounts.sumOfBalances());
    }

    @Transactional
    public TransferResult transfer(long fromId, long toId, long amount) {
        if (amount <= 0) {
            throw new RuleViolationException("amount must be positive, was " + amount);
        }
        if (fromId == toId) {
            throw new RuleViolationException("cannot transfer from account " + fromId + " to itself");
        }
        Account from = load(fromId);
        Account to = load(toId);
        from.withdraw(amount);
        to.deposit(amount);
        return new TransferResult(fromId, toId, amount, from.getBalance(), to.getBalance());
    }

    /**
     * Count, then insert: under a weaker isolation two concurrent calls could both see room for one
     * more account (write skew). SERIALIZABLE makes PostgreSQL fail one of them with 40001.
     */
    @Transactional(isolation = Isolation.SERIALIZABLE)
    public AccountView open(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new RuleViolationException("owner must not be blank");
        }
        long held = accounts.countByOwner(owner);
        if (held >= accountsPerOwner) {
            throw new RuleViolationException(
                    owner + " already holds " + held + " accounts, the limit is " + accountsPerOwner);
        }
        return AccountView.of(accounts.saveAndFlush(new Account(owner, 0)));
    }

    /** Tries a write in a read-only transaction: PostgreSQL must refuse it (SQLState 25006). */
    @Transactional(readOnly = true)
    public int writeInReadOnlyTransaction(long id) {
        return accounts.rewriteBalance(id);
    }

    private Account load(long id) {
        return accounts.findById(id).orElseThrow(() -> new AccountNotFoundException(id));
    }
}

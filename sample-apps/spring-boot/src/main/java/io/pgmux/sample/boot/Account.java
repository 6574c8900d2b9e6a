package io.pgmux.sample.boot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "account")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(nullable = false)
    private long balance;

    // optimistic locking: a concurrent transfer on the same account fails instead of losing an update
    @Version
    private long version;

    protected Account() {
    }

    Account(String owner, long balance) {
        this.owner = owner;
        this.balance = balance;
    }

    public Long getId() {
        return id;
    }

    public String getOwner() {
        return owner;
    }

    public long getBalance() {
        return balance;
    }

    public long getVersion() {
        return version;
    }

    void withdraw(long amount) {
        if (amount > balance) {
            throw new RuleViolationException(
                    "account " + id + " holds " + balance + ", cannot withdraw " + amount);
        }
        balance -= amount;
    }

    void deposit(long amount) {
        balance += amount;
    }
}

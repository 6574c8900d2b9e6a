package io.pgmux.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.ChildJvm;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The concurrency invariant through the agent and PgBouncer: 64 threads move money between 100 accounts in
 * serializable and in locking read-committed transactions; the total never changes, every committed transfer is in
 * the ledger exactly once, and every balance is what the ledger says. {@code -Dpgmux.bank.seconds} runs longer.
 */
@ExtendWith(TestDatabaseExtension.class)
class BankTransfersIT {
    private static final int ACCOUNTS = 100;
    private static final long OPENING_BALANCE = 1_000;
    private static final int THREADS = 64;
    private static final String SECONDS = System.getProperty("pgmux.bank.seconds", "15");

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void moneyIsNeitherMadeNorLostAndEveryCommittedTransferIsInTheLedgerOnce(PoolMode mode, TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS bank_ledger, bank_accounts;"
                + " CREATE TABLE bank_accounts (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0));"
                + " CREATE TABLE bank_ledger (id bigint PRIMARY KEY, from_account int NOT NULL, to_account int NOT NULL,"
                + " amount bigint NOT NULL);"
                + " INSERT INTO bank_accounts SELECT g, " + OPENING_BALANCE + " FROM generate_series(0, " + (ACCOUNTS - 1) + ") g;"
                + " GRANT SELECT, INSERT, UPDATE ON bank_accounts, bank_ledger TO " + db.user());
        Path ids = Files.createTempFile("pgmux-bank-", ".ids");
        try {
            String agent = "pgmux.target=" + db.host() + ":" + db.pgbouncerPort()
                    + ",pgmux.target.mode=" + (mode == PoolMode.TRANSACTION ? "transaction" : "session")
                    + ",pgmux.pool.size=10";
            ChildJvm.Result run = ChildJvm.withAgent(agent)
                    .mainClass(List.of(classPathOf(BankTransfersMain.class), classPathOf(org.postgresql.Driver.class)),
                            BankTransfersMain.class, db.pgbouncerUrl(mode), db.user(), db.password(),
                            String.valueOf(THREADS), SECONDS, String.valueOf(ACCOUNTS), ids.toString())
                    .run();
            System.out.println("[bank " + mode + "] " + run.stdout.trim().replace(System.lineSeparator(), ", "));

            assertThat(run.exitCode).as("%s", run).isZero();
            assertThat(run.stdout).as("the app's connections are logical ones").contains("connection=io.pgmux.");
            Set<Long> committed = new HashSet<>();
            for (String line : Files.readAllLines(ids)) {
                committed.add(Long.parseLong(line));
            }
            assertThat(committed).isNotEmpty();
            try (Connection c = db.superuserConnection(); Statement s = c.createStatement()) {
                assertThat(longOf(s, "SELECT sum(balance) FROM bank_accounts")).isEqualTo(ACCOUNTS * OPENING_BALANCE);
                Set<Long> ledger = new HashSet<>();
                try (ResultSet rs = s.executeQuery("SELECT id FROM bank_ledger")) {
                    while (rs.next()) {
                        ledger.add(rs.getLong(1));
                    }
                }
                assertThat(ledger).as("ledger against the transfers the app saw commit").isEqualTo(committed);
                assertThat(longOf(s, "SELECT count(*) FROM bank_accounts a WHERE a.balance <> " + OPENING_BALANCE
                        + " - coalesce((SELECT sum(amount) FROM bank_ledger WHERE from_account = a.id), 0)"
                        + " + coalesce((SELECT sum(amount) FROM bank_ledger WHERE to_account = a.id), 0)"))
                        .as("accounts whose balance differs from their ledger").isZero();
            }
        } finally {
            Files.deleteIfExists(ids);
        }
    }

    private static long longOf(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String classPathOf(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

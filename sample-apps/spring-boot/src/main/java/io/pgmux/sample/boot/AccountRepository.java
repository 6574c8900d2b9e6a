package io.pgmux.sample.boot;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccountRepository extends JpaRepository<Account, Long> {

    long countByOwner(String owner);

    @Query("select coalesce(sum(a.balance), 0) from Account a")
    long sumOfBalances();

    // native, so that it reaches PostgreSQL even where Hibernate would skip flushing a read-only session
    @Modifying
    @Query(value = "update account set balance = balance where id = :id", nativeQuery = true)
    int rewriteBalance(@Param("id") long id);
}
